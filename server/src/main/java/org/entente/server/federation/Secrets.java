package org.entente.server.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the secrets the node must send to its peers (tokens, passwords, client keys) so that a copy
 * of the database does not hand out access to partners' nodes. AES-256-GCM with a random nonce; the
 * key comes from {@code ENTENTE_FEDERATION_SECRETS_KEY} or else from a file made in the data folder
 * on first use (readable by its owner only). Each sealed value is bound to what it is for (the peer
 * and field), so values cannot be swapped between rows. See docs/adr/0005.
 */
public final class Secrets {
    private static final String PREFIX = "sealed:v1:";
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<SecretKeySpec> source;
    private volatile SecretKeySpec key;

    private Secrets(Supplier<SecretKeySpec> source) {
        this.source = source;
    }

    private static SecretKeySpec spec(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException(
                    "the secrets key must be 32 bytes (base64 of 32 random bytes), not "
                            + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = source.get();
                }
                k = key;
            }
        }
        return k;
    }

    /**
     * The configured key, else the key file in {@code dataDir}, read (or made) when a secret is
     * first sealed or opened: a node without peers never makes one.
     */
    public static Secrets open(String configuredKey, Path dataDir) {
        return new Secrets(() -> load(configuredKey, dataDir));
    }

    private static SecretKeySpec load(String configuredKey, Path dataDir) {
        if (!configuredKey.isBlank()) {
            try {
                return spec(Base64.getDecoder().decode(configuredKey.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "ENTENTE_FEDERATION_SECRETS_KEY must be base64 of 32 bytes: "
                                + e.getMessage(),
                        e);
            }
        }
        Path file = dataDir.resolve("secrets.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Path tmp = Files.createTempFile(dataDir, "secrets-", ".tmp");
                restrict(tmp);
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n");
                try {
                    // another process may have made it first; then its key is the key
                    Files.move(tmp, file);
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(tmp);
                }
            }
            return spec(Base64.getDecoder().decode(Files.readString(file).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the secrets key " + file, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions protect it
        }
    }

    /** The sealed form of {@code secret}, bound to {@code purpose}. */
    public String seal(String secret, String purpose) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(
                                    ByteBuffer.allocate(NONCE + sealed.length)
                                            .put(nonce)
                                            .put(sealed)
                                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JDK", e);
        }
    }

    /** The secret sealed for {@code purpose}; fails when the key or the purpose differ. */
    public String open(String sealed, String purpose) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, all, 0, NONCE));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return new String(
                    cipher.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException(
                    "a peer secret cannot be opened: the secrets key is not the one it was sealed"
                            + " with (ENTENTE_FEDERATION_SECRETS_KEY or data/secrets.key); record"
                            + " the peer's credentials again",
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a peer secret cannot be opened: " + e.getMessage(), e);
        }
    }
}
