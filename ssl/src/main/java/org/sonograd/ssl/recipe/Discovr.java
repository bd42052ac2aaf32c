package org.sonograd.ssl.recipe;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.backbones.DinoHead;
import org.sonograd.nn.backbones.TubeMasking;
import org.sonograd.nn.functional.LayerFunctions;
import org.sonograd.nn.optim.AdamW;
import org.sonograd.nn.optim.Optimizer;
import org.sonograd.nn.optim.ParamGroup;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.config.ExperimentConfig.DiscovrConfig;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.data.Videos;
import org.sonograd.ssl.model.VitEncoder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Recipe 4, {@code discovr} (Mishra et al., "Self-supervised Learning of Echocardiographic Video
 * Representations via Online Cluster Distillation", NeurIPS 2025). Per step, B clips of T frames:
 * <ul>
 *   <li>video DINO: the EMA teacher sees the full clip, the student V tube-masked views; the loss is
 *   the cross-entropy between the centred, sharpened teacher CLS distribution and the student's
 *   ({@link DiscovrLosses#dino});</li>
 *   <li>image DINO: the same on every frame, the image student seeing 1 view with a fraction of its
 *   patch tokens masked;</li>
 *   <li>semantic cluster distillation: the student's masked video tokens go through the
 *   {@link DiscovrDecoder}; the targets are the Sinkhorn–Knopp cluster assignments of the image
 *   teacher's patch features, aligned with the video tokens by (t, h, w)
 *   ({@link DiscovrLosses#tubeletTargets}), computed without gradient.</li>
 * </ul>
 * L = w_v·L_video + w_i·L_image + w_c·L_cluster + w_k·L_KoLeo (DINOv2's KoLeo on the students' CLS
 * outputs, {@link DiscovrLosses#koLeo}, a CPU-scale addition). Options for CPU scale: the centre
 * bias-corrected ({@code discovr.centreBiasCorrection}) and DINO's global views: G crops/flips of each
 * clip with their own intensity changes, the student's views built on them and paired with the teacher
 * of the other global view ({@link DiscovrViews}). After the optimiser step ({@link #afterStep}) the teachers move by
 * EMA and the centres by their momentum. AdamW with betas (0.9, 0.95) and no decay
 * on biases, norms, position embeddings, tokens and prototypes; the runner's warm-up–cosine
 * schedule sets its rate every step. docs/discovr.md has the equations next to this code.
 */
public final class Discovr implements Recipe {
    private static final int MASK_STREAM = 3;
    private static final int AUGMENTATION_STREAM = 4;
    private static final long BLOCKS_PER_STEP = 1L << 20;
    private static final String LAST_LAYER_DIRECTION = "last_layer.weight_v";
    private final DiscovrModel model;
    private final Videos data;
    private final DiscovrConfig cfg;
    private final int batch;
    private final int size;
    private final int frames;
    private final int tubelet;
    private final long seed;
    private final long steps;
    private Tensor nextVideoCentre;
    private Tensor nextImageCentre;

    /** The recipe over {@code data}; {@code model.vit.inputSize} must be the data's input size. */
    public Discovr(ExperimentConfig config, Videos data) {
        this.cfg = config.discovr();
        this.data = data;
        this.batch = config.train().batch();
        this.seed = config.seed();
        this.steps = config.train().steps();
        var vit = config.model().vit();
        this.size = vit.inputSize();
        this.frames = vit.clipFrames();
        this.tubelet = vit.tubelet();
        if (size != config.data().inputSize()) {
            throw new IllegalArgumentException("discovr: model.vit.inputSize " + size + " differs from the data's input size "
                    + config.data().inputSize() + " (data.size / data.crop)");
        }
        if ((frames - 1) * cfg.gap() >= data.frames()) {
            throw new IllegalArgumentException("discovr: a clip of " + frames + " frames " + cfg.gap() + " apart needs more than the "
                    + data.frames() + " frames of the data");
        }
        if (cfg.views() < 1) {
            throw new IllegalArgumentException("discovr.views must be >= 1, got " + cfg.views());
        }
        if (cfg.globalViews() < 1 || cfg.views() % cfg.globalViews() != 0) {
            throw new IllegalArgumentException("discovr.views " + cfg.views() + " must be a multiple of discovr.globalViews "
                    + cfg.globalViews());
        }
        if ((long) DiscovrViews.GLOBAL_DRAWS * cfg.globalViews() * batch + (long) DiscovrViews.STUDENT_DRAWS * cfg.views() * batch
                > KeyedDraws.CAPACITY) {
            throw new IllegalArgumentException("discovr: " + cfg.globalViews() + "·" + batch + " global and " + cfg.views() + "·"
                    + batch + " student views need more draws than the " + KeyedDraws.CAPACITY + " of one step");
        }
        this.model = new DiscovrModel(config.model(), cfg, new RandomStream(config.seed()));
    }

    @Override
    public Module model() {
        return model;
    }

    @Override
    public VitEncoder encoder() {
        return model.encoder();
    }

    @Override
    public int clipsPerStep() {
        return batch;
    }

    @Override
    public int clipsPerEpoch() {
        return data.size();
    }

    /** The epoch that step {@code step} belongs to: ⌊s·B / clips⌋. */
    long epoch(long step) {
        return step * batch / data.size();
    }

    @Override
    public StepLoss loss(long step) {
        Tensor clips = sampleClips(step);
        int hw = (size / model.encoder().patch()) * (size / model.encoder().patch());
        int globals = cfg.globalViews();
        long globalClips = (long) globals * batch;
        // The G global views (row g·B + b) and V student views (row v·B + b, the frames and geometry of global view
        // v mod G), drawn from (seed, stream 4, step); DiscovrViews.
        DiscovrViews.Views views = DiscovrViews.of(clips, batch, cfg.views(), cfg.cropScale(), cfg.flip(),
                cfg.intensityJitter(), KeyedDraws.of(seed, AUGMENTATION_STREAM, step));
        Tensor teacherFrames = asFrames(views.teacher(), globalClips);
        RandomStream masks = new RandomStream(seed * 0x9E3779B97F4A7C15L + MASK_STREAM * 0xC2B2AE3D27D4EB4FL,
                step * BLOCKS_PER_STEP);
        Tensor videoKeep = TubeMasking.keepIndices(masks, (long) cfg.views() * batch, frames / tubelet, hw, cfg.maskRatio());
        Tensor imageKeep = TubeMasking.keepIndices(masks, globalClips * frames, 1, hw, cfg.imageMaskRatio());
        double teacherTemperature = DiscovrLosses.teacherTemperature(epoch(step), cfg.teacherTemperature(),
                cfg.teacherTemperatureFinal(), cfg.teacherWarmupEpochs());

        // Teachers (no gradient) on the global views: video CLS, image CLS and the image patch features.
        Tensor videoTeacher;
        Tensor imageTeacher;
        Tensor targets;
        try (GradMode off = GradMode.off()) {
            videoTeacher = model.videoTeacherHead().forward(model.videoTeacher().clipCls(Var.constant(views.teacher()), null)).value();
            Var imageTokens = model.imageTeacher().forward(Var.constant(teacherFrames));
            imageTeacher = model.imageTeacherHead().forward(imageTokens.select(1, 0)).value();
            Tensor patches = imageTokens.value().slice(1, 1, 1 + hw, 1);
            Tensor aligned = DiscovrLosses.tubeletTargets(patches, Math.toIntExact(globalClips), frames, tubelet);
            Tensor unit = DiscovrLosses.standardisedUnit(aligned.reshape(aligned.size(0) * aligned.size(1), aligned.size(2)));
            Tensor unitPrototypes = LayerFunctions.normalize(model.prototypes().var(), 1, 1e-12).value();
            targets = DiscovrLosses.clusterTargets(unit, unitPrototypes, cfg.sinkhornEpsilon(), cfg.sinkhornIterations());
        }

        // The centres: DINO's c (the EMA before this step), or with discovr.centreBiasCorrection the
        // bias-corrected EMA that includes this step's batch, (m·c + (1 − m)·mean_b t_b) / (1 − m^(s+1)).
        nextVideoCentre = DiscovrLosses.updatedCentre(model.videoCentre().tensor(), videoTeacher, cfg.centreMomentum());
        nextImageCentre = DiscovrLosses.updatedCentre(model.imageCentre().tensor(), imageTeacher, cfg.centreMomentum());
        double correction = 1 - Math.pow(cfg.centreMomentum(), step + 1);
        Tensor videoCentre = cfg.centreBiasCorrection() ? nextVideoCentre.div(correction) : model.videoCentre().tensor();
        Tensor imageCentre = cfg.centreBiasCorrection() ? nextImageCentre.div(correction) : model.imageCentre().tensor();

        // Video student: V tube-masked views of every clip (row v·B + b is view v of clip b), each against the
        // teacher of the other global view (DINO's cross-view pairs; with one global view, its own).
        Var videoTokens = model.encoder().vit().forward(Var.constant(views.student()), videoKeep);
        Var videoCls = videoTokens.select(1, 0);
        Var videoStudent = studentHead(model.videoHead(), videoCls, step);
        Var videoLoss = DiscovrLosses.dino(videoStudent, DiscovrLosses.otherGlobalView(videoTeacher, globals), videoCentre,
                cfg.studentTemperature(), teacherTemperature);

        // Image student: the frames of the first G student views with most patch tokens masked, against the image
        // teacher on the same frames of the other global view.
        Tensor studentFrames = asFrames(views.student().slice(0, 0, globalClips, 1), globalClips);
        Var imageCls = model.imageStudent().cls(Var.constant(studentFrames), imageKeep);
        Var imageStudent = studentHead(model.imageHead(), imageCls, step);
        Var imageLoss = DiscovrLosses.dino(imageStudent, DiscovrLosses.otherGlobalView(imageTeacher, globals), imageCentre,
                cfg.studentTemperature(), teacherTemperature);

        // Cluster distillation: decoder predictions for every token vs the aligned image-teacher clusters of the
        // global view the student view was built on (the targets [G·B·L] repeat for the V/G copies).
        Var predictions = model.decoder().decode(videoTokens, videoKeep);
        Var clusterLoss = DiscovrLosses.cluster(predictions, model.prototypes().var(), targets, cfg.clusterTemperature());

        // KoLeo on the students' CLS outputs (when weighted): the B clips of each view, and the B clips of each
        // global view at each frame index.
        long dim = videoCls.size(1);
        Var koLeo = cfg.koleoWeight() == 0 ? Var.constant(Tensor.scalar(videoCls.value().dtype(), 0))
                : DiscovrLosses.koLeo(videoCls, cfg.views()).add(DiscovrLosses.koLeo(imageCls.reshape(globals, batch, frames, dim)
                        .permute(0, 2, 1, 3).reshape(globalClips * frames, dim), globals * frames));

        Var total = videoLoss.mul(cfg.videoWeight()).add(imageLoss.mul(cfg.imageWeight())).add(clusterLoss.mul(cfg.clusterWeight()))
                .add(koLeo.mul(cfg.koleoWeight()));
        Map<String, Var> parts = new LinkedHashMap<>();
        parts.put("video_dino", videoLoss.detach());
        parts.put("image_dino", imageLoss.detach());
        parts.put("cluster", clusterLoss.detach());
        parts.put("koleo", koLeo.detach());
        parts.put("video_teacher_entropy", Losses.scalar(DiscovrLosses.teacherEntropy(videoTeacher, videoCentre,
                teacherTemperature)));
        parts.put("image_teacher_entropy", Losses.scalar(DiscovrLosses.teacherEntropy(imageTeacher, imageCentre,
                teacherTemperature)));
        parts.put("teacher_temperature", Losses.scalar(teacherTemperature));
        parts.put("clusters_used", Losses.scalar(distinct(targets)));
        return new StepLoss(total, parts);
    }

    /**
     * A student's DINO head on {@code cls}; during the first {@code discovr.freezeLastLayerSteps} steps its last layer is
     * a constant (DINO's {@code freeze_last_layer}: no gradient, so the optimiser leaves it as it is).
     */
    private Var studentHead(DinoHead head, Var cls, long step) {
        if (step >= cfg.freezeLastLayerSteps()) {
            return head.forward(cls);
        }
        return head.call(Map.of(LAST_LAYER_DIRECTION, head.namedParameters().get(LAST_LAYER_DIRECTION).var().detach()), cls);
    }

    /** Clips [N, 1, T, S, S] as frames [N·T, 1, S, S] (frame n·T + f is frame f of clip n). */
    private Tensor asFrames(Tensor clips, long n) {
        return clips.permute(0, 2, 1, 3, 4).contiguous().reshape(n * frames, 1, size, size);
    }

    /** Number of distinct values of an I64 tensor (how many prototypes the targets use). */
    private static int distinct(Tensor labels) {
        return (int) Arrays.stream(labels.toLongArray()).distinct().count();
    }

    /**
     * The G global clips [G·B, 1, T, S, S] of step {@code step}: for each of the B, a clip and a start frame
     * drawn from (seed, step), then T frames {@code gap} apart, normalised and centre-cropped; row g·B + b is
     * global view g of clip b. With {@code discovr.temporalViews} every global view g &gt; 0 draws its own start
     * (after the B clips and starts), otherwise all G share the first.
     */
    private Tensor sampleClips(long step) {
        KeyedDraws d = KeyedDraws.of(seed, 0, step);
        int globals = cfg.globalViews();
        int[] clip = new int[batch];
        int[] start = new int[globals * batch];
        int span = (frames - 1) * cfg.gap();
        for (int b = 0; b < batch; b++) {
            clip[b] = d.below(data.size());
            start[b] = d.below(data.frames() - span);
        }
        for (int row = batch; row < globals * batch; row++) {
            start[row] = cfg.temporalViews() ? d.below(data.frames() - span) : start[row % batch];
        }
        int hw = size * size;
        float[] out = new float[globals * batch * frames * hw];
        for (int row = 0; row < globals * batch; row++) {
            for (int f = 0; f < frames; f++) {
                float[] frame = Videos.centreCrop(data.normalisedFrame(clip[row % batch], start[row] + f * cfg.gap()), data.height(),
                        data.width(), size);
                System.arraycopy(frame, 0, out, (row * frames + f) * hw, hw);
            }
        }
        return Tensor.of(out, (long) globals * batch, 1, frames, size, size);
    }

    /**
     * AdamW with betas (0.9, 0.95) over the students, the decoder and the prototypes (teachers are
     * moved by EMA only); weight decay {@code train.weightDecay} except on biases, norms, position
     * embeddings, tokens and the prototypes (which are used normalised, so decay would only shrink them).
     */
    @Override
    public Optimizer createOptimizer(ExperimentConfig.TrainConfig train) {
        Map<String, Parameter> trained = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> {
            if (!DiscovrModel.isTeacher(name)) {
                trained.put(name, p);
            }
        });
        return new AdamW(ParamGroup.splitDecay(trained, train.weightDecay(),
                (name, p) -> ParamGroup.isBiasNormOrToken(name, p) || name.equals("prototypes")), train.lr(), 0.9, 0.95, 1e-8);
    }

    /**
     * The EMA teachers, at momentum m(s) = m₁ + ½(m₀ − m₁)(1 + cos(π·s/S)) ({@code discovr.momentum} → {@code momentumFinal}
     * over the S = {@code train.steps}), and the centres of the step's teacher outputs.
     */
    @Override
    public void afterStep(long step) {
        model.updateTeachers(DiscovrLosses.teacherMomentum(step, steps, cfg.momentum(), cfg.momentumFinal()));
        try (MemoryScope scope = MemoryScope.open()) {
            model.videoCentre().tensor().assign(nextVideoCentre);
            model.imageCentre().tensor().assign(nextImageCentre);
        }
        nextVideoCentre = null;
        nextImageCentre = null;
    }
}
