-- The redemption package reads each voucher's figures (deducted, reversed, balance, voided, net
-- used) from this index alone, in voucher order, one range a page (D-redemption-bench-1).
CREATE INDEX "ledger_transfers_voucher_idx" ON "ledger_transfers" USING btree ("voucher_id","settlement_year","kind","effective_at","amount");
