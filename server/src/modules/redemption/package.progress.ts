/**
 * A package build's progress (the percentage the UI shows) while its phases run side by side
 * (D-redemption-overlap-1): the lines and the write-off detail advance together, each with its
 * share of the bar, then the sheets from the lines, the PDF and the files. The percentage is
 * each phase's share times how much of it is done, so it is real; it only goes forward (a
 * phase's expected size arriving late, or proving smaller, can only move it on), and what is
 * written goes out one update at a time, in order, so a slower update never lands after a
 * newer one.
 */

/** Where the bar stands when the build has started (the year-wide figures asked for). */
export const PROGRESS_STARTED = 5;
/** The lines' share: a third of the detail's time, measured (docs/benchmarks.md §18). */
const LINES_SHARE = 20;
/** The detail's share: most of the build. */
const DETAIL_SHARE = 65;
/** Lines and detail done: the sheets from the lines, the PDF and the files remain. */
export const PROGRESS_STREAMED = PROGRESS_STARTED + LINES_SHARE + DETAIL_SHARE;
/** The last sheets written: the workbook's zip finished, then the PDF and storing. */
export const PROGRESS_WRITTEN = 95;

export class BuildProgress {
  private linesDone = 0;
  private linesExpected: number | null = null;
  private detailDone = 0;
  private detailExpected: number | null = null;
  /** The percentage reached at a mark (after the streamed phases). */
  private mark = 0;
  private shown = -1;
  private writes: Promise<void> = Promise.resolve();

  /** `write` stores the percentage; it is called with ever larger whole numbers, one at a time. */
  constructor(private readonly write: (percent: number) => Promise<void>) {}

  /** `done` lines made of `expected` (null: not known yet; an estimate that may be too high). */
  lines(done: number, expected: number | null): void {
    this.linesDone = done;
    if (expected !== null) this.linesExpected = expected;
    this.update();
  }

  /** The lines are all in, whatever was expected. */
  linesFinished(): void {
    this.linesDone = 1;
    this.linesExpected = 1;
    this.update();
  }

  /** `done` rows of the detail written of `expected` (null: the count is not in yet). */
  detail(done: number, expected: number | null): void {
    this.detailDone = done;
    if (expected !== null) this.detailExpected = expected;
    this.update();
  }

  detailFinished(): void {
    this.detailDone = 1;
    this.detailExpected = 1;
    this.update();
  }

  /** A fixed mark: `PROGRESS_STARTED`, `PROGRESS_STREAMED`, `PROGRESS_WRITTEN`. */
  reached(percent: number): void {
    this.mark = Math.max(this.mark, percent);
    this.update();
  }

  /** The percentage now (what was last handed to `write`). */
  get percent(): number {
    return Math.max(this.shown, 0);
  }

  /** Resolves once every update asked for so far is written. */
  settled(): Promise<void> {
    return this.writes;
  }

  private update(): void {
    const share = (done: number, expected: number | null) =>
      expected === null || expected <= 0 ? 0 : Math.min(1, Math.max(0, done / expected));
    const streamed =
      PROGRESS_STARTED +
      LINES_SHARE * share(this.linesDone, this.linesExpected) +
      DETAIL_SHARE * share(this.detailDone, this.detailExpected);
    const percent = Math.min(100, Math.floor(Math.max(this.mark, streamed)));
    if (percent <= this.shown) return;
    this.shown = percent;
    // Chained: the next update is sent once this one is written. A failed write (the build is
    // failing anyway) does not stop the later ones.
    this.writes = this.writes.then(() => this.write(percent)).catch(() => {});
  }
}
