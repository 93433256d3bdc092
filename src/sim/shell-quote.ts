// One word for a shell script, whatever it holds: for the scripts the simulator and the benchmark write (lvmsnapper
// itself never starts a shell).
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
