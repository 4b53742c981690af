package dev.eventgateway.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded PostgreSQL's password: generated once into a file readable by its owner only (0600), read back on every
 * later start. 24 random bytes in URL-safe base64, so that it needs no quoting in SQL, a URL or a shell.
 */
final class PasswordFile {

    /** A password and whether this start made it (then the server does not know it yet, unless it is new too). */
    record Loaded(String password, boolean created) {
    }

    private PasswordFile() {
    }

    static Loaded loadOrCreate(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        boolean created = !Files.exists(file);
        if (created) {
            create(file);
        }
        String password = read(file);
        if (password == null) {
            throw new EmbeddedServerException(file + " holds no password; remove it and the next start makes a new one");
        }
        return new Loaded(password, created);
    }

    /** The password in the file, or null when there is no file or it is empty. */
    static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? null : text;
    }

    /**
     * Written to a temporary owner-only file and moved into place, so a crash never leaves half a password. Called
     * under the server directory's {@link OwnerLock}: no other start races it.
     */
    private static void create(Path file) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temp);
        }
        Files.writeString(temp, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n",
                StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
