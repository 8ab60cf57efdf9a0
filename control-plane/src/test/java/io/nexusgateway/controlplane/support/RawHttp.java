package io.nexusgateway.controlplane.support;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 byte for byte over a plain socket, for requests no HTTP client would send. */
public final class RawHttp {
    private RawHttp() {}

    /** Sends {@code request} (its head as ISO-8859-1 bytes, its body as UTF-8) and reads the answer to the end. */
    public static Response send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // a bound on a broken server, not a synchronisation: every answer here comes at once
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            // the request line and headers byte for byte as written (ISO-8859-1), a body as UTF-8
            int bodyStart = request.indexOf("\r\n\r\n") + 4;
            out.write(request.substring(0, bodyStart).getBytes(ISO_8859_1));
            out.write(request.substring(bodyStart).getBytes(StandardCharsets.UTF_8));
            out.flush();
            return Response.read(socket.getInputStream());
        }
    }

    public record Response(int status, String head, String body) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }

        private static Response read(InputStream in) throws IOException {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                in.transferTo(received);
            } catch (IOException e) {
                // a reset after the answer (Tomcat closes on errors while a body is unread): keep what arrived
            }
            byte[] bytes = received.toByteArray();
            int end = indexOf(bytes, 0, "\r\n\r\n");
            if (end < 0) {
                return new Response(0, new String(bytes, ISO_8859_1), "");
            }
            String head = new String(bytes, 0, end, ISO_8859_1);
            String[] statusLine = head.split(" ", 3);
            Response response = new Response(Integer.parseInt(statusLine[1]), head, "");
            byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            if (response.header("transfer-encoding").equalsIgnoreCase("chunked")) {
                body = dechunk(body);
            }
            return new Response(response.status(), head, new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] dechunk(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < body.length) {
                int lineEnd = indexOf(body, at, "\r\n");
                String sizeLine = new String(body, at, lineEnd - at, ISO_8859_1);
                int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                out.write(body, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] bytes, int from, String ascii) {
            byte[] needle = ascii.getBytes(ISO_8859_1);
            outer:
            for (int i = from; i <= bytes.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
