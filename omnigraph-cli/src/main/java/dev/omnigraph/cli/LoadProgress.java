package dev.omnigraph.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The input of a load that shows how much of it was read on one terminal line ({@code reading
 * data.jsonl: 42% of 1.2 MiB}), redrawn when the whole percentage changes and ended with a newline
 * at end of input. Only for terminals: it writes carriage returns.
 */
final class LoadProgress extends FilterInputStream {
  private final long size;
  private final String name;
  private final PrintWriter err;
  private long read;
  private int shown = -1;
  private boolean finished;

  LoadProgress(InputStream in, long size, String name, PrintWriter err) {
    super(in);
    this.size = size;
    this.name = name;
    this.err = err;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    advance(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    advance(n);
    return n;
  }

  private void advance(int n) {
    if (finished) {
      return;
    }
    if (n < 0) {
      finished = true;
      show(100);
      err.println();
      return;
    }
    read += n;
    show(size == 0 ? 100 : (int) Math.min(100, read * 100 / size));
  }

  private void show(int percent) {
    if (percent != shown) {
      shown = percent;
      err.print("\rreading " + name + ": " + percent + "% of " + mebibytes(size));
      err.flush();
    }
  }

  static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
