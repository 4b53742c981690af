package dev.eventgateway.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void generatesAnOwnerOnlyKeyOnceAndKeepsIt() throws IOException {
        Secret first = SecretKeyFile.loadOrCreate(dir.resolve("data"));
        Secret second = SecretKeyFile.loadOrCreate(dir.resolve("data"));

        Path file = dir.resolve("data").resolve(SecretKeyFile.FILE_NAME);
        assertThat(SecretCipher.isValidKey(first)).isTrue();
        assertThat(second).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aDamagedKeyFileStopsTheStartInsteadOfBeingReplaced() throws IOException {
        Files.writeString(dir.resolve(SecretKeyFile.FILE_NAME), "garbage");

        assertThatThrownBy(() -> SecretKeyFile.loadOrCreate(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold a valid secret key");
        assertThat(Files.readString(dir.resolve(SecretKeyFile.FILE_NAME))).isEqualTo("garbage");
    }
}
