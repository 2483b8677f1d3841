package io.metriccare.etl;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output that writes to its default stream until redirected. The engine worker points {@code System.out}
 * and {@code System.err} at it, so that everything a run logs or prints lands in that run's log.
 */
final class RedirectableOutput extends OutputStream {

  private final OutputStream defaultStream;
  private OutputStream current;

  RedirectableOutput(OutputStream defaultStream) {
    this.defaultStream = defaultStream;
    this.current = defaultStream;
  }

  synchronized void redirectTo(OutputStream target) throws IOException {
    current.flush();
    current = target;
  }

  synchronized void restoreDefault() throws IOException {
    current.flush();
    current = defaultStream;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    current.write(b);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    current.write(bytes, offset, length);
  }

  @Override
  public synchronized void flush() throws IOException {
    current.flush();
  }
}
