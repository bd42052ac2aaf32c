package org.sonograd.io.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sonograd.io.read.SampleException;

/**
 * RIFF/WAVE files: PCM 8 (unsigned), 16, 24 and 32-bit and IEEE float 32/64, any channel count
 * (mixed down to mono by averaging), and WAVE_FORMAT_EXTENSIBLE with those sub-formats. Writing:
 * 16-bit PCM mono.
 */
public final class WavFiles {
    private WavFiles() {
    }

    /** Reads a WAV file as mono. Empty audio (no samples) is an error. */
    public static Audio read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SampleException(file, "cannot read", e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new SampleException(file, "not a RIFF/WAVE file");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int dataStart = -1;
        int dataLength = 0;
        while (pos + 8 <= bytes.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
                if (format == 0xFFFE && size >= 26) {
                    format = b.getShort(body + 24) & 0xFFFF;
                }
            } else if (id == 0x61746164) { // "data"
                dataStart = body;
                dataLength = Math.min(size < 0 ? Integer.MAX_VALUE : size, bytes.length - body);
                break;
            }
            pos = body + size + (size & 1);
        }
        if (format < 0) {
            throw new SampleException(file, "no fmt chunk");
        }
        if (dataStart < 0) {
            throw new SampleException(file, "no data chunk (truncated?)");
        }
        if (format != 1 && format != 3) {
            throw new SampleException(file, "unsupported WAV encoding " + format + " (PCM and float only)");
        }
        if (channels < 1 || rate < 1) {
            throw new SampleException(file, "invalid header: " + channels + " channels at " + rate + " Hz");
        }
        int bytesPerSample = bits / 8;
        int frames = dataLength / (bytesPerSample * channels);
        if (frames == 0) {
            throw new SampleException(file, "empty audio (no samples in the data chunk)");
        }
        float[] out = new float[frames];
        for (int i = 0; i < frames; i++) {
            double acc = 0;
            for (int c = 0; c < channels; c++) {
                int at = dataStart + (i * channels + c) * bytesPerSample;
                acc += sample(file, b, at, format, bits);
            }
            out[i] = (float) (acc / channels);
        }
        return new Audio(rate, out);
    }

    private static double sample(Path file, ByteBuffer b, int at, int format, int bits) {
        if (format == 3) {
            return switch (bits) {
                case 32 -> b.getFloat(at);
                case 64 -> b.getDouble(at);
                default -> throw new SampleException(file, "unsupported float width " + bits);
            };
        }
        return switch (bits) {
            case 8 -> ((b.get(at) & 0xFF) - 128) / 128.0;
            case 16 -> b.getShort(at) / 32768.0;
            case 24 -> ((b.get(at) & 0xFF) | (b.get(at + 1) & 0xFF) << 8 | b.get(at + 2) << 16) / 8388608.0;
            case 32 -> b.getInt(at) / 2147483648.0;
            default -> throw new SampleException(file, "unsupported PCM width " + bits);
        };
    }

    /** Writes 16-bit PCM mono (samples clipped to [-1, 1]). */
    public static void write(Path file, Audio audio) {
        int n = audio.samples().length;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + 2 * n).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(audio.sampleRate())
                .putInt(2 * audio.sampleRate()).putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(2 * n);
        for (float s : audio.samples()) {
            b.putShort((short) Math.round(32767 * Math.clamp(s, -1f, 1f)));
        }
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new SampleException(file, "cannot write WAV", e);
        }
    }
}
