package org.entente.bench.taxii;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over one kept-alive socket, for load generation on a two-core machine:
 * the JDK's HttpClient costs about as much CPU per page as the node serving it, which would measure
 * the client instead of the node. Plain HTTP on loopback only.
 */
final class RawHttp implements AutoCloseable {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttp(String url) {
        String hostPort = url.replaceFirst("^http://", "").replaceAll("/.*$", "");
        int colon = hostPort.lastIndexOf(':');
        this.host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        this.port = colon < 0 ? 80 : Integer.parseInt(hostPort.substring(colon + 1));
    }

    /** What a response body is given to, chunk by chunk, as it arrives. */
    interface Sink {
        void accept(byte[] buffer, int from, int length);
    }

    /** Sends a request and streams the body to {@code sink}; returns the status. */
    int exchange(String method, String path, String token, byte[] body, Sink sink)
            throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                connect();
                StringBuilder head =
                        new StringBuilder(method)
                                .append(' ')
                                .append(path)
                                .append(" HTTP/1.1\r\nHost: ")
                                .append(host)
                                .append("\r\nAuthorization: ")
                                // a bare token, or a whole credential such as "Basic dXNlcjpwdw=="
                                .append(token.contains(" ") ? token : "Bearer " + token)
                                .append("\r\nAccept: application/taxii+json;version=2.1\r\n");
                if (body != null) {
                    head.append(
                                    "Content-Type: application/taxii+json;version=2.1\r\nContent-Length: ")
                            .append(body.length)
                            .append("\r\n");
                }
                head.append("\r\n");
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                return read(sink);
            } catch (IOException e) {
                close();
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    /** Convenience: the whole body. */
    byte[] exchange(String method, String path, String token, byte[] body, int[] status)
            throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        status[0] = exchange(method, path, token, body, all::write);
        return all.toByteArray();
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
        }
    }

    private int read(Sink sink) throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String header;
        while (!(header = line()).isEmpty()) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                chunked = true;
            } else if (h.startsWith("connection:") && h.contains("close")) {
                close = true;
            }
        }
        byte[] buffer = new byte[1 << 16];
        if (chunked) {
            while (true) {
                int size = Integer.parseInt(line().trim().split(";")[0], 16);
                if (size == 0) {
                    line();
                    break;
                }
                copy(size, buffer, sink);
                line();
            }
        } else if (length >= 0) {
            copy(length, buffer, sink);
        }
        if (close) {
            close();
        }
        return code;
    }

    private void copy(long n, byte[] buffer, Sink sink) throws IOException {
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) {
                throw new IOException("body cut short");
            }
            sink.accept(buffer, 0, r);
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = s.length();
                return len > 0 && s.charAt(len - 1) == '\r'
                        ? s.substring(0, len - 1)
                        : s.toString();
            }
            s.append((char) c);
        }
        return s.length() == 0 ? null : s.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
