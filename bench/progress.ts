/** A progress bar on stderr (stdout keeps only the `name: value` figures). */
export class Progress {
  private done_ = 0;
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  add(n: number): void {
    this.done_ += n;
    const t = Date.now();
    if (t - this.lastDraw > 200 || this.done_ >= this.total) {
      this.lastDraw = t;
      this.draw();
    }
  }

  done(): void {
    this.draw();
    process.stderr.write('\n');
  }

  private draw(): void {
    const width = 30;
    const share = this.total ? Math.min(1, this.done_ / this.total) : 1;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    process.stderr.write(`\r${this.label} [${bar}] ${this.done_}/${this.total} ${secs}s`);
  }
}
