package org.sonograd.ssl.recipe;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Buffer;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.backbones.DinoHead;
import org.sonograd.nn.backbones.VisionTransformer;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.optim.Ema;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.model.VitEncoder;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * The networks of {@code discovr}, all checkpointed so that a resume is exact:
 * <ul>
 *   <li>video branch: the student video transformer {@code encoder} (the transferable
 *   {@link VitEncoder}) with its DINO head {@code video_head}, and their EMA teacher
 *   {@code video_teacher}, {@code video_teacher_head};</li>
 *   <li>image branch: the student image transformer {@code image_student} (1-frame p×p patches) with
 *   {@code image_head}, and the EMA teacher {@code image_teacher}, {@code image_teacher_head};</li>
 *   <li>the cluster distillation: the token {@code decoder} and the K learnable {@code prototypes};</li>
 *   <li>the DINO centres {@code video_centre} and {@code image_centre} (buffers).</li>
 * </ul>
 * Teachers start as copies of their students and are frozen: only {@link #updateTeachers} moves them.
 */
final class DiscovrModel extends Module {
    private final VitEncoder encoder;
    private final DinoHead videoHead;
    private final VitEncoder videoTeacher;
    private final DinoHead videoTeacherHead;
    private final VisionTransformer imageStudent;
    private final DinoHead imageHead;
    private final VisionTransformer imageTeacher;
    private final DinoHead imageTeacherHead;
    private final DiscovrDecoder decoder;
    private final Parameter prototypes;
    private final Buffer videoCentre;
    private final Buffer imageCentre;

    /** The networks of the architecture {@code model.arch} and the sizes of {@code discovr}, initialised from {@code random}. */
    DiscovrModel(ExperimentConfig.ModelConfig model, ExperimentConfig.DiscovrConfig cfg, RandomStream random) {
        VisionTransformer.Size size = VitEncoder.size(model.arch());
        ExperimentConfig.VitConfig v = model.vit();
        long[] frame = {v.inputSize(), v.inputSize()};
        int[] patch = {v.patch(), v.patch()};
        encoder = addModule("encoder", new VitEncoder(size, v.inputSize(), v.patch(), v.tubelet(), v.clipFrames(), random));
        videoHead = addModule("video_head", head(size, cfg, random));
        imageStudent = addModule("image_student", new VisionTransformer(size, 1, frame, patch,
                VisionTransformer.Positions.LEARNED, random));
        imageHead = addModule("image_head", head(size, cfg, random));
        decoder = addModule("decoder", new DiscovrDecoder(size.dim(), cfg.decoderDim(), cfg.decoderDepth(), cfg.decoderHeads(),
                size.dim(), encoder.vit().patchTokens(), random));
        prototypes = addParameter("prototypes", Tensor.zeros(DType.F32, cfg.prototypes(), size.dim()));
        Init.truncNormal(prototypes.tensor(), random, 0, 1, -2, 2);
        videoTeacher = addModule("video_teacher", new VitEncoder(size, v.inputSize(), v.patch(), v.tubelet(), v.clipFrames(), random));
        videoTeacherHead = addModule("video_teacher_head", head(size, cfg, random));
        imageTeacher = addModule("image_teacher", new VisionTransformer(size, 1, frame, patch,
                VisionTransformer.Positions.LEARNED, random));
        imageTeacherHead = addModule("image_teacher_head", head(size, cfg, random));
        for (Module[] pair : new Module[][] {{videoTeacher, encoder}, {videoTeacherHead, videoHead}, {imageTeacher, imageStudent},
                {imageTeacherHead, imageHead}}) {
            pair[0].loadStateDict(pair[1].stateDict());
            pair[0].freeze();
        }
        videoCentre = addBuffer("video_centre", Tensor.zeros(DType.F32, cfg.outputs()));
        imageCentre = addBuffer("image_centre", Tensor.zeros(DType.F32, cfg.outputs()));
    }

    private static DinoHead head(VisionTransformer.Size size, ExperimentConfig.DiscovrConfig cfg, RandomStream random) {
        return new DinoHead(size.dim(), cfg.outputs(), cfg.headHidden(), cfg.headBottleneck(), random);
    }

    /** Not used: the recipe runs the branches itself. */
    @Override
    public Var forward(Var input) {
        throw new UnsupportedOperationException("DiscovrModel: the discovr recipe runs its branches itself");
    }

    /** θ_teacher ← m·θ_teacher + (1 − m)·θ_student for both teachers and their heads. */
    void updateTeachers(double momentum) {
        Ema.update(videoTeacher, encoder, momentum);
        Ema.update(videoTeacherHead, videoHead, momentum);
        Ema.update(imageTeacher, imageStudent, momentum);
        Ema.update(imageTeacherHead, imageHead, momentum);
    }

    /** Whether {@code name} (as in {@link #namedParameters()}) belongs to a teacher (never optimised). */
    static boolean isTeacher(String name) {
        return name.startsWith("video_teacher") || name.startsWith("image_teacher");
    }

    VitEncoder encoder() {
        return encoder;
    }

    DinoHead videoHead() {
        return videoHead;
    }

    VitEncoder videoTeacher() {
        return videoTeacher;
    }

    DinoHead videoTeacherHead() {
        return videoTeacherHead;
    }

    VisionTransformer imageStudent() {
        return imageStudent;
    }

    DinoHead imageHead() {
        return imageHead;
    }

    VisionTransformer imageTeacher() {
        return imageTeacher;
    }

    DinoHead imageTeacherHead() {
        return imageTeacherHead;
    }

    DiscovrDecoder decoder() {
        return decoder;
    }

    Parameter prototypes() {
        return prototypes;
    }

    Buffer videoCentre() {
        return videoCentre;
    }

    Buffer imageCentre() {
        return imageCentre;
    }
}
