package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.server.error.ApiException;

/**
 * One file of a form posted as {@code multipart/form-data}, read here with a bound: the node turns
 * the servlet container's multipart parsing off ({@code spring.servlet.multipart.enabled=false}),
 * so that no endpoint spools uploads to disk, and the console's one upload (detection's log file)
 * reads its request body itself, never more than {@code max} bytes of file and a little for the
 * form's other fields and headers.
 *
 * <p>NB: a multipart body's fields cannot be read before the body is, so the form's CSRF token
 * travels in its action's query string ({@code ?_csrf=}), where Spring Security's filter reads it;
 * the controller then renews the session's token ({@link ConsoleSecurity#renewCsrfToken}), so the
 * one a URL carried is spent.
 */
final class FormUpload {
    /** Room for the form's headers and its small fields beside the file. */
    static final int SLACK = 64 * 1024;

    private static final Pattern BOUNDARY =
            Pattern.compile("(?i);\\s*boundary=(\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");

    /** A file as posted: the name the browser gave it and its bytes. */
    record File(String filename, byte[] content) {
        File {
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(content, "content");
        }
    }

    private FormUpload() {}

    /**
     * The file of the form's field {@code field}, or empty when the form holds no such file.
     *
     * @throws ApiException 413 when the body or the file is larger than the bound, 400 when the
     *     body is not a multipart form
     */
    static Optional<File> read(HttpServletRequest request, String field, int max)
            throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw ApiException.invalid("send the file with the page's form (multipart/form-data)");
        }
        Matcher b = BOUNDARY.matcher(type);
        if (!b.find()) {
            throw ApiException.invalid("the form's Content-Type names no boundary");
        }
        String boundary = b.group(2) != null ? b.group(2) : b.group(3);
        long limit = (long) max + SLACK;
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(max);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) limit + 1);
        }
        if (body.length > limit) {
            throw tooLarge(max);
        }
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // the first delimiter opens the body without the line break before it (or follows a
        // preamble, with it)
        int partStart;
        if (startsWith(body, 0, delimiter, 2)) {
            partStart = delimiter.length - 2;
        } else {
            int at = indexOf(body, delimiter, 0);
            if (at < 0) {
                throw ApiException.invalid("the form's body holds no part");
            }
            partStart = at + delimiter.length;
        }
        while (true) {
            // after a delimiter: "--" ends the body, a line break opens a part
            if (startsWith(body, partStart, "--".getBytes(StandardCharsets.ISO_8859_1), 0)) {
                return Optional.empty();
            }
            int headersStart = partStart + 2;
            int headersEnd =
                    indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw ApiException.invalid("a part of the form has no end to its headers");
            }
            int next = indexOf(body, delimiter, headersEnd + 4);
            if (next < 0) {
                throw ApiException.invalid("the form's body ends in the middle of a part");
            }
            String headers =
                    new String(
                            body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            Optional<String> name = Optional.empty();
            Optional<String> filename = Optional.empty();
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                    Matcher n = NAME.matcher(line);
                    name = n.find() ? Optional.of(n.group(1)) : Optional.empty();
                    Matcher f = FILENAME.matcher(line);
                    filename = f.find() ? Optional.of(f.group(1)) : Optional.empty();
                }
            }
            if (name.isPresent() && name.get().equals(field) && filename.isPresent()) {
                int from = headersEnd + 4;
                if (next - from > max) {
                    throw tooLarge(max);
                }
                byte[] content = new byte[next - from];
                System.arraycopy(body, from, content, 0, content.length);
                return Optional.of(new File(filename.get(), content));
            }
            partStart = next + delimiter.length;
        }
    }

    static ApiException tooLarge(int max) {
        return ApiException.tooLarge(
                "the file may be at most "
                        + max / (1024 * 1024)
                        + " MB ("
                        + max
                        + " bytes): split the log and upload the parts one by one");
    }

    private static boolean startsWith(byte[] body, int at, byte[] what, int skip) {
        if (at < 0 || at + what.length - skip > body.length) {
            return false;
        }
        for (int i = skip; i < what.length; i++) {
            if (body[at + i - skip] != what[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] what, int from) {
        outer:
        for (int i = Math.max(0, from); i <= body.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (body[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
