package org.sonograd.io.audio;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;

/**
 * Text to speech in process with FreeTTS (the CMU "kevin16" diphone voice, 16 kHz), captured into
 * memory instead of a sound card. FreeTTS voices are not thread-safe, so calls are serialised.
 */
public final class SpeechSynthesizer {
    private static final Object LOCK = new Object();
    private static Voice voice;

    private SpeechSynthesizer() {
    }

    /** The spoken {@code text} as mono audio at the voice's rate (16 kHz), rate scaled by {@code wordsPerMinute}. */
    public static Audio speak(String text, float wordsPerMinute, float pitchHz) {
        synchronized (LOCK) {
            Voice v = voice();
            Capture capture = new Capture();
            v.setAudioPlayer(capture);
            v.setRate(wordsPerMinute);
            v.setPitch(pitchHz);
            if (!v.speak(text)) {
                throw new IllegalStateException("FreeTTS could not speak: " + text);
            }
            return capture.audio();
        }
    }

    private static Voice voice() {
        if (voice == null) {
            System.setProperty("freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory");
            Voice v = VoiceManager.getInstance().getVoice("kevin16");
            if (v == null) {
                throw new IllegalStateException("FreeTTS voice kevin16 not found on the class path");
            }
            v.allocate();
            voice = v;
        }
        return voice;
    }

    /** An {@link AudioPlayer} that keeps the samples. */
    private static final class Capture implements AudioPlayer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private AudioFormat format = new AudioFormat(16000, 16, 1, true, true);

        Audio audio() {
            byte[] b = bytes.toByteArray();
            int bytesPer = format.getSampleSizeInBits() / 8;
            ByteBuffer buf = ByteBuffer.wrap(b).order(format.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] s = new float[b.length / bytesPer];
            for (int i = 0; i < s.length; i++) {
                s[i] = bytesPer == 2 ? buf.getShort(2 * i) / 32768f : (b[i] & 0xFF) / 128f - 1f;
            }
            return new Audio((int) format.getSampleRate(), s);
        }

        @Override
        public void setAudioFormat(AudioFormat f) {
            format = f;
        }

        @Override
        public AudioFormat getAudioFormat() {
            return format;
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void reset() {
        }

        @Override
        public boolean drain() {
            return true;
        }

        @Override
        public void begin(int size) {
        }

        @Override
        public boolean end() {
            return true;
        }

        @Override
        public void cancel() {
        }

        @Override
        public void close() {
        }

        @Override
        public float getVolume() {
            return 1f;
        }

        @Override
        public void setVolume(float v) {
        }

        @Override
        public long getTime() {
            return 0;
        }

        @Override
        public void resetTime() {
        }

        @Override
        public void startFirstSampleTimer() {
        }

        @Override
        public boolean write(byte[] data) {
            return write(data, 0, data.length);
        }

        @Override
        public boolean write(byte[] data, int offset, int size) {
            bytes.write(data, offset, size);
            return true;
        }

        @Override
        public void showMetrics() {
        }
    }
}
