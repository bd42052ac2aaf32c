package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.sonograd.io.read.ImageFiles;
import org.sonograd.io.read.Picture;
import org.sonograd.ssl.data.VideoFrameSampler;

/**
 * Any labelled folder {@code <root>/<class>/<file>}: images (png, jpg, jpeg, bmp) as one sample each,
 * videos (mp4, avi, mov, mpeg, mpg, gif, …) as {@code videoFrames} evenly spread frames decoded with the long side
 * 2·size ({@link VideoFrameSampler}); every picture is letterboxed to {@code size²} ({@link ImagePreparation}).
 * Classes are the sub-folder names in sorted order; each file is a group, so the frames of one video never cross folds. Files whose name contains {@code _mask} are skipped.
 */
public final class FolderImages {
    private static final List<String> IMAGES = List.of("png", "jpg", "jpeg", "bmp");
    private static final List<String> VIDEOS = List.of("mp4", "avi", "mov", "mpeg", "mpg", "gif", "mkv", "webm", "m4v");

    private FolderImages() {}

    /** The samples of {@code root}, letterboxed to {@code size²}. */
    public static TaskImages load(Path root, int size, int videoFrames) throws IOException {
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        }
        if (classDirs.size() < 2) {
            throw new IllegalArgumentException(root + ": need at least two class sub-folders <root>/<class>/<files>, found "
                    + classDirs.size());
        }
        List<String> classes = classDirs.stream().map(p -> p.getFileName().toString()).toList();
        ImagePreparation.Builder b = new ImagePreparation.Builder(size, classes, null);
        int group = 0;
        for (int c = 0; c < classDirs.size(); c++) {
            List<Path> files;
            try (Stream<Path> s = Files.list(classDirs.get(c))) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
                if (IMAGES.contains(ext) && !name.contains("_mask")) {
                    Picture p = ImageFiles.read(f, false);
                    b.add(p.pixels(), p.height(), p.width(), null, c, group++, classes.get(c) + "/" + name);
                } else if (VIDEOS.contains(ext)) {
                    Picture[] frames = VideoFrameSampler.read(f, videoFrames, 2 * size);
                    for (int t = 0; t < frames.length; t++) {
                        Picture p = frames[t];
                        b.add(p.pixels(), p.height(), p.width(), null, c, group, classes.get(c) + "/" + name + "#" + t);
                    }
                    group++;
                }
            }
        }
        return b.build();
    }
}
