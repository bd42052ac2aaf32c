package org.sonograd.io.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
    @TempDir
    Path dir;

    private static void assertNames(SampleException e, String file, String problem) {
        assertTrue(e.getMessage().contains(file) && e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void corruptVideoUnknownImageAndMaskMismatchNameTheFile() throws Exception {
        Path video = dir.resolve("clip.mp4");
        byte[] junk = new byte[4096];
        Arrays.fill(junk, (byte) 7);
        Files.write(video, junk);
        assertNames(assertThrows(SampleException.class, () -> VideoFiles.readAll(video, false)), "clip.mp4", "video");
        Path image = dir.resolve("scan.png");
        Files.writeString(image, "this is not a png");
        assertNames(assertThrows(SampleException.class, () -> ImageFiles.read(image, false)), "scan.png", "not a readable image");
        Path mask = dir.resolve("mask.png");
        ImageFiles.writeGreyPng(mask, 4, 5, new float[20], 0);
        assertNames(assertThrows(SampleException.class, () -> ImageFiles.readMask(List.of(mask), 4, 6)),
                "mask.png", "mask is 4x5 but the image is 4x6");
        assertNames(assertThrows(SampleException.class, () -> ImageFiles.read(dir.resolve("missing.bmp"), false)),
                "missing.bmp", "no such file");
    }

    @Test
    void truncatedDicomAndUnknownFormatAreRefused() throws Exception {
        byte[] dicm = new byte[140];
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, dicm, 128, 4);
        ByteBuffer.wrap(dicm).order(ByteOrder.LITTLE_ENDIAN).putShort(132, (short) 2).putShort(134, (short) 0x10)
                .put(136, (byte) 'U').put(137, (byte) 'I').putShort(138, (short) 200);
        Path cut = dir.resolve("cut.dcm");
        Files.write(cut, dicm);
        assertNames(assertThrows(SampleException.class, () -> DicomReader.read(cut)), "cut.dcm", "truncated");
        Path text = dir.resolve("notes.dcm");
        Files.writeString(text, "plain text, no preamble");
        assertNames(assertThrows(SampleException.class, () -> DicomReader.read(text)), "notes.dcm", "not a DICOM file");
    }

    private static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': (" + shape + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return b.array();
    }

    @Test
    void npyDtypesFortranOrderAndTruncation() throws Exception {
        // int16 big-endian, C order: [[1, -2, 3], [4, 5, -6]]
        ByteBuffer be = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN);
        for (short v : new short[] {1, -2, 3, 4, 5, -6}) {
            be.putShort(v);
        }
        Path c = dir.resolve("c.npy");
        Files.write(c, npy(">i2", false, "2, 3", be.array()));
        NdArray a = NpyReader.read(c);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {1, -2, 3, 4, 5, -6}, a.data());
        // the same matrix in Fortran order, float32 little-endian: columns first
        ByteBuffer le = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1, 4, -2, 5, 3, -6}) {
            le.putFloat(v);
        }
        Path f = dir.resolve("f.npy");
        Files.write(f, npy("<f4", true, "2, 3", le.array()));
        assertArrayEquals(a.data(), NpyReader.read(f).data());
        Path u8 = dir.resolve("u8.npy");
        Files.write(u8, npy("|u1", false, "3,", new byte[] {0, (byte) 200, (byte) 255}));
        assertArrayEquals(new double[] {0, 200, 255}, NpyReader.read(u8).data());
        assertEquals(1, NpyReader.read(u8).shape().length);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(npy("<f8", false, "10, 10", new byte[800]), 300));
        assertNames(assertThrows(SampleException.class, () -> NpyReader.read(cut)), "cut.npy", "truncated data");
    }

    @Test
    void badSamplePolicyParses() {
        assertEquals(BadSamplePolicy.Mode.SKIP, BadSamplePolicy.parse("skip").mode());
        assertThrows(IllegalArgumentException.class, () -> BadSamplePolicy.parse("ignore"));
    }
}
