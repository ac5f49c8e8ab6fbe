package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A body gathered from the client's buffers comes out whole, in order, whatever their sizes. */
class BodyBytesTest {
    private final Random random = new Random(38);

    @Test
    void buffersOfEverySizeComeOutAsOneArrayInOrder() {
        BodyBytes body = new BodyBytes();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<Integer> sizes =
                List.of(
                        0,
                        1,
                        BodyBytes.FIRST_BLOCK - 2,
                        1,
                        1,
                        BodyBytes.BLOCK,
                        3 * BodyBytes.BLOCK + 17,
                        0,
                        16_709,
                        BodyBytes.BLOCK - 1);
        for (int size : sizes) {
            byte[] data = new byte[size + 10];
            random.nextBytes(data);
            // a buffer whose bytes start past its array's start and end before its end
            ByteBuffer b = ByteBuffer.wrap(data, 5, size);
            expected.write(data, 5, size);
            body.add(b);
            assertThat(b.hasRemaining()).isFalse();
            assertThat(body.size()).isEqualTo(expected.size());
        }
        assertThat(body.bytes()).isEqualTo(expected.toByteArray());
    }

    @Test
    void directAndReadOnlyBuffersAreReadToo() {
        BodyBytes body = new BodyBytes();
        byte[] data = new byte[BodyBytes.FIRST_BLOCK + 100];
        random.nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
        direct.put(data).flip();
        body.add(direct);
        body.add(ByteBuffer.wrap(data).asReadOnlyBuffer());
        byte[] both = new byte[2 * data.length];
        System.arraycopy(data, 0, both, 0, data.length);
        System.arraycopy(data, 0, both, data.length, data.length);
        assertThat(body.bytes()).isEqualTo(both);
    }

    @Test
    void nothingTakenIsAnEmptyArray() {
        BodyBytes body = new BodyBytes();
        assertThat(body.bytes()).isEmpty();
        body.add(ByteBuffer.allocate(0));
        assertThat(body.size()).isZero();
        assertThat(body.bytes()).isEmpty();
    }
}
