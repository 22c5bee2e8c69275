/** The server's rule, checked early for a friendlier form: ≥ 8 characters from 3 of 4 classes. */
export function isStrongPassword(password: string): boolean {
  if (password.length < 8) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];
  return classes.filter((pattern) => pattern.test(password)).length >= 3;
}
