/**
 * Backbones with torchvision's (or timm's) module trees and state-dict names: ResNet-18/34, R3D-18,
 * R(2+1)D-18 and a small 3-D ResNet, an audio CNN, vision transformers for images and videos, the
 * DINO head and a U-Net decoder.
 */
package org.sonograd.nn.backbones;
