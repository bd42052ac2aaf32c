package org.sonograd.ssl.config;

/**
 * Every hyper-parameter of a pretraining run, bound from the resolved {@link ConfigTree}. The
 * default values live in {@code defaults.yaml}; this record only names and types them.
 *
 * @param name     run folder name under {@code runs/}
 * @param seed     the seed of model initialisation and of every per-step draw
 * @param recipe   the pretraining recipe ({@code reorder-transform}, …)
 */
public record ExperimentConfig(String name, long seed, String recipe, DataConfig data, ModelConfig model,
                               TrainConfig train, ReorderTransformConfig reorderTransform, VideoSpeechConfig videoSpeech,
                               TransferConfig transfer, MetaUsclConfig metaUscl, DiscovrConfig discovr) {

    /**
     * The video data.
     *
     * @param source   {@code sim:fetal}, {@code sim:lung}, … (simulated in memory) or {@code folder:<path>} (real videos
     *                 in {@code <path>/<class>/})
     * @param clips    number of clips
     * @param frames   frames per clip
     * @param size     frame height and width in pixels
     * @param fps      frames per second of the simulated sweep
     * @param seed     simulator seed (the data, independent of the training seed)
     * @param crop     side of the centred square the models see (0: the whole frame); cropping after the
     *                 affine warp hides the sector outline, which would otherwise give the transform away
     */
    public record DataConfig(String source, int clips, int frames, int size, double fps, long seed, int crop) {
        /** The side of the frames the models see. */
        public int inputSize() {
            return crop > 0 ? crop : size;
        }
    }

    /**
     * The transferable encoder and the heads.
     *
     * @param arch    encoder architecture: {@code frame-cnn} (the small per-frame 2D CNN), {@code resnet18}, or a
     *                video transformer {@code vit-micro}, {@code vit-tiny}, {@code vit-small}, {@code vit-base}
     * @param width   channels of the first convolution (doubled at each stride-2 stage)
     * @param groups  groups of the group normalisation after each convolution
     * @param hidden  hidden units of the MLP heads
     * @param vit     the geometry of the {@code vit-*} architectures
     */
    public record ModelConfig(String arch, int width, int groups, int hidden, VitConfig vit) {}

    /**
     * The input geometry of a video transformer ({@code model.arch = vit-*}).
     *
     * @param inputSize   frame side H = W it is built for (the data's input size)
     * @param patch       spatial patch side p
     * @param tubelet     frames t per tubelet
     * @param clipFrames  frames T per clip (a multiple of t)
     */
    public record VitConfig(int inputSize, int patch, int tubelet, int clipFrames) {}

    /**
     * The optimisation.
     *
     * @param steps            optimiser steps
     * @param batch            clips per step
     * @param lr               peak AdamW learning rate
     * @param weightDecay      decoupled weight decay
     * @param warmupSteps      linear warm-up before the cosine decay
     * @param clipNorm         global gradient-norm clip (0: off)
     * @param checkpointEvery  steps between checkpoints (the last step is always saved)
     * @param threads          kernel threads (0: all cores)
     */
    public record TrainConfig(long steps, int batch, double lr, double weightDecay, long warmupSteps, double clipNorm,
                              long checkpointEvery, int threads) {}

    /**
     * Recipe 1 (Jiao et al., ISBI 2020).
     *
     * @param variant          {@code parallel} (two inputs, shared encoder) or {@code sequential} (shuffled, then transformed)
     * @param gap              frames between the 4 sampled frames
     * @param orderWeight      weight of the order cross-entropy
     * @param transformWeight  weight of the affine smooth-L1
     * @param rotation         maximum rotation in degrees
     * @param scaleMin         smallest scale
     * @param scaleMax         largest scale
     * @param shear            maximum shear
     * @param translate        maximum translation as a fraction of the size
     */
    public record ReorderTransformConfig(String variant, int gap, double orderWeight, double transformWeight,
                                         double rotation, double scaleMin, double scaleMax, double shear,
                                         double translate) {}

    /**
     * Recipe 2 (Jiao et al., MICCAI 2020): cross-modal video–speech contrastive learning.
     *
     * @param gap                frames between the 4 frames of a video window (the audio window spans the same time)
     * @param dim                shared embedding width of the projections
     * @param temperature        InfoNCE temperature τ
     * @param affinity           false-negative handling: {@code none}, {@code weight} (μ = 1 − affinity) or {@code mask} (μ = 0)
     * @param affinityThreshold  negatives whose momentum-video cosine affinity exceeds this are treated
     * @param momentum           EMA momentum of the momentum video encoder
     * @param selfPaced          pair selection: {@code none}, {@code hard} (v ∈ {0, 1}) or {@code soft} (v = 1 − ℓ/λ)
     * @param lambda0            initial age λ (pairs with loss below λ are admitted)
     * @param lambdaGrowth       factor applied to λ per epoch
     * @param vad                keep only windows whose voice-activity fraction reaches {@code vadMin}
     * @param vadMin             minimum fraction of 10 ms hops with speech
     * @param orderWeight        weight of the auxiliary order-prediction loss (recipe 1's 12 classes) on the
     *                           video window's frames; 0 turns the head off
     */
    public record VideoSpeechConfig(int gap, int dim, double temperature, String affinity, double affinityThreshold,
                                    double momentum, String selfPaced, double lambda0, double lambdaGrowth, boolean vad,
                                    double vadMin, double orderWeight) {}

    /**
     * The downstream evaluation.
     *
     * @param seeds        seeds of the repeated evaluation (mean ± std over them)
     * @param clips        clips of the labelled plane-detection set
     * @param frames       frames per labelled clip
     * @param fps          frames per second of the labelled clips
     * @param testFraction fraction of clips held out for testing (split by clip)
     * @param probeSteps   full-batch steps of the logistic-regression probe
     * @param probeLr      learning rate of the probe
     * @param fineTuneSteps steps of fine-tuning
     * @param fineTuneLr   learning rate of fine-tuning
     * @param dataSeed     simulator seed of the labelled set (disjoint from the pretraining data)
     * @param saliencySteps full-batch steps of the saliency decoder
     * @param saliencyLr   learning rate of the saliency decoder
     * @param gazeSigma    σ in pixels of the Gaussian that turns fixations into a density map
     * @param imageSize    side of the square grey images of the clinical tasks (0: the encoder's pretraining input size)
     * @param folds        k of the k-fold cross-validation by group (video, patient, image) of the clinical tasks
     * @param taskSteps    optimiser steps of a clinical task's fine-tuning or decoder training
     * @param taskLr       AdamW learning rate of those steps
     * @param taskBatch    images per step
     * @param videoFrames  frames sampled evenly from each video (lung, echo and simulated clips)
     * @param knnK         neighbours of the zero-shot k-NN anomaly score
     * @param knnTemperature temperature T of the k-NN similarity weights exp(s/T)
     */
    public record TransferConfig(int seeds, int clips, int frames, double fps, double testFraction, int probeSteps,
                                 double probeLr, int fineTuneSteps, double fineTuneLr, long dataSeed, int saliencySteps,
                                 double saliencyLr, double gazeSigma, int imageSize, int folds, int taskSteps, double taskLr,
                                 int taskBatch, int videoFrames, int knnK, double knnTemperature) {}

    /**
     * Recipe 3, {@code meta-uscl} (Chen et al., TMI 2023) and its ablation {@code uscl} (Chen et al.,
     * MICCAI 2021): mixed positive pairs from one video, NT-Xent, and (meta-uscl) per-pair weights from
     * a weighting network trained by a second-order one-step look-ahead on held-out videos.
     *
     * @param dim            output width of the projection (feature width → feature width → ReLU → dim)
     * @param temperature    NT-Xent temperature τ (cosine similarity)
     * @param mixA           first shape of the Beta law of the meta-uscl mixing coefficients α, β
     * @param mixB           second shape of that law
     * @param usclMix        shape of the symmetric Beta law of the uscl mixing coefficient λ
     * @param metaFraction   fraction of the videos held out of training for the meta batch (meta-uscl)
     * @param metaBatch      videos in a meta batch (at most the held-out videos)
     * @param weightingHidden hidden units of the weighting network (2F → hidden → ReLU → 1 → sigmoid)
     * @param weightingLr    Adam learning rate of the weighting network
     * @param momentum       momentum of the main SGD (its learning rate and weight decay are train.lr, train.weightDecay)
     * @param cropScaleMin   smallest area fraction of the random resized crop
     * @param cropRatioMin   smallest aspect ratio of the crop
     * @param cropRatioMax   largest aspect ratio of the crop
     * @param brightness     brightness jitter
     * @param contrast       contrast jitter (saturation and hue jitter are no-ops on grey frames)
     * @param mean           normalisation mean of raw [0, 1] pixels
     * @param std            normalisation standard deviation
     */
    public record MetaUsclConfig(int dim, double temperature, double mixA, double mixB, double usclMix, double metaFraction,
                                 int metaBatch, int weightingHidden, double weightingLr, double momentum,
                                 double cropScaleMin, double cropRatioMin, double cropRatioMax, double brightness,
                                 double contrast, double mean, double std) {}

    /**
     * Recipe 4, {@code discovr} (Mishra et al., NeurIPS 2025): video and image DINO with semantic
     * cluster distillation.
     *
     * @param gap                      frames between consecutive frames of a sampled clip
     * @param views                    tube-masked student views per clip
     * @param maskRatio                fraction of spatial positions the video student loses (tube masking)
     * @param imageMaskRatio           fraction of patch tokens the image student loses
     * @param outputs                  K_out, outputs of the DINO heads
     * @param headHidden               hidden width of the DINO head MLP
     * @param headBottleneck           bottleneck width before the weight-normalised last layer
     * @param studentTemperature       τ_s
     * @param teacherTemperature       τ_t at epoch 0
     * @param teacherTemperatureFinal  τ_t after the warm-up
     * @param teacherWarmupEpochs      epochs of the linear τ_t warm-up
     * @param momentum                 EMA momentum of both teachers
     * @param centreMomentum           momentum of the teacher centres
     * @param prototypes               K, learnable prototypes of the cluster distillation
     * @param sinkhornEpsilon          ε of Sinkhorn–Knopp
     * @param sinkhornIterations       Sinkhorn–Knopp iterations
     * @param clusterTemperature       temperature of the decoder-token scores
     * @param decoderDepth             transformer blocks of the token decoder
     * @param decoderDim               token width of the decoder
     * @param decoderHeads             attention heads of the decoder
     * @param videoWeight              weight of the video DINO loss
     * @param imageWeight              weight of the image DINO loss
     * @param clusterWeight            weight of the cluster distillation loss
     * @param koleoWeight              weight of DINOv2's KoLeo on the students' CLS outputs
     * @param centreBiasCorrection     centre the teacher by the bias-corrected EMA including this batch
     * @param cropScale                smallest area fraction of the global views' square crops (1: no crop)
     * @param intensityJitter          j of every view's intensity change c·v + β, c ∈ [1 − j, 1 + j], β ∈ [−j, j]
     * @param globalViews              G global views per clip (DINO's 2; 1: the teacher sees the clip itself)
     * @param flip                     mirror each global view left–right with probability ½
     * @param temporalViews            each global view of a clip starts at its own random frame
     * @param momentumFinal            teacher EMA momentum at the last step: DINO's cosine from {@code momentum} (1: the paper's;
     *                                 equal to {@code momentum}: constant)
     * @param freezeLastLayerSteps     steps at the start during which the students' DINO heads' last layers get no gradient
     *                                 (DINO's {@code freeze_last_layer}, there one epoch)
     */
    public record DiscovrConfig(int gap, int views, double maskRatio, double imageMaskRatio, int outputs, int headHidden,
                                int headBottleneck, double studentTemperature, double teacherTemperature,
                                double teacherTemperatureFinal, int teacherWarmupEpochs, double momentum,
                                double centreMomentum, int prototypes, double sinkhornEpsilon, int sinkhornIterations,
                                double clusterTemperature, int decoderDepth, int decoderDim, int decoderHeads,
                                double videoWeight, double imageWeight, double clusterWeight, double koleoWeight,
                                boolean centreBiasCorrection, double cropScale, double intensityJitter, int globalViews,
                                boolean flip, boolean temporalViews, double momentumFinal, int freezeLastLayerSteps) {}
}
