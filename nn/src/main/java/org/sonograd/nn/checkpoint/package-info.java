/** Checkpoints in the safetensors format: atomic writes with a sha256, validated reads. */
package org.sonograd.nn.checkpoint;
