/** Weight initialisers (Kaiming, Xavier, truncated normal) driven by counter-based random streams. */
package org.sonograd.nn.init;
