package io.nexusgateway.controlplane.datasource;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An attacker's "PostgreSQL server" on loopback: it speaks just enough of the protocol (refuses SSL/GSS encryption,
 * reads the startup message, asks for a cleartext password) to make pgjdbc send the password, records it, and fails
 * the login.
 */
final class RecordingPostgresServer implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_ENCRYPTION_REQUEST = 80877104;
    private static final int AUTHENTICATION_CLEARTEXT_PASSWORD = 3;

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> passwords = new CopyOnWriteArrayList<>();

    private RecordingPostgresServer(ServerSocket socket) {
        this.socket = socket;
        Thread.ofVirtual().name("recording-postgres").start(this::acceptLoop);
    }

    static RecordingPostgresServer start() {
        try {
            return new RecordingPostgresServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** The passwords clients sent, in order. */
    List<String> passwords() {
        return List.copyOf(passwords);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            while (true) {
                int length = in.readInt();
                int code = in.readInt();
                if (code == SSL_REQUEST || code == GSS_ENCRYPTION_REQUEST) {
                    out.write('N');
                    out.flush();
                    continue;
                }
                in.readFully(new byte[length - 8]); // the startup message's parameters
                break;
            }
            out.write('R');
            out.writeInt(8);
            out.writeInt(AUTHENTICATION_CLEARTEXT_PASSWORD);
            out.flush();
            if (in.read() != 'p') {
                return;
            }
            byte[] message = new byte[in.readInt() - 4];
            in.readFully(message);
            passwords.add(new String(message, 0, message.length - 1, UTF_8)); // NUL-terminated
            ByteArrayOutputStream fields = new ByteArrayOutputStream();
            for (String field : new String[] {"SFATAL", "C28P01", "Mpassword authentication failed"}) {
                fields.writeBytes(field.getBytes(UTF_8));
                fields.write(0);
            }
            fields.write(0);
            out.write('E');
            out.writeInt(4 + fields.size());
            out.write(fields.toByteArray());
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing more to record
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
