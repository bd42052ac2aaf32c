package org.sonograd.io.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A phantom built from regions painted in order over a background tissue (later regions win), with
 * optional tissue motions. The tissue at (x, z, t) is the rest-state tissue at the rest point of
 * (x, z, t), so region boundaries and scatterers move together.
 *
 * <p>Rest-state lookups are memoised on a raster of {@value #CELL_MM} mm cells (nearest cell
 * centre) over x in [−160, 160), z in [−80, 240) mm, filled lazily in 64×64-cell tiles, so a frame
 * costs one array read per beam sample however many regions the phantom has. Concurrent fills are
 * benign: a cell holds 0 (unknown) or tissue+1, and every thread computes the same value.
 */
public final class LayeredPhantom implements Phantom {
    private static final double CELL_MM = 0.2;
    private static final double X0 = -160;
    private static final double Z0 = -80;
    private static final int TILE_BITS = 6;
    private static final int TILE = 1 << TILE_BITS;
    private static final int TILES = (int) Math.ceil(320 / CELL_MM / TILE);
    private final short[][] tiles = new short[TILES * TILES][];

    private final List<Tissue> tissues;
    private final List<Region> regions = new ArrayList<>();
    private final List<Integer> regionTissue = new ArrayList<>();
    private final List<Motion> motions = new ArrayList<>();
    private final int background;
    private Region[] regionArray = new Region[0];
    private int[] tissueArray = new int[0];

    /** A phantom whose background is {@code tissues.get(background)}. */
    public LayeredPhantom(List<Tissue> tissues, int background) {
        this.tissues = List.copyOf(tissues);
        this.background = background;
    }

    /** Paints {@code region} with tissue {@code tissue} over everything added before. */
    public LayeredPhantom add(Region region, int tissue) {
        if (tissue < 0 || tissue >= tissues.size()) {
            throw new IllegalArgumentException("LayeredPhantom.add: tissue " + tissue + " not in table of " + tissues.size());
        }
        if (Arrays.stream(tiles).anyMatch(java.util.Objects::nonNull)) {
            throw new IllegalStateException("LayeredPhantom.add: the phantom was already sampled");
        }
        regions.add(region);
        regionTissue.add(tissue);
        regionArray = regions.toArray(new Region[0]);
        tissueArray = regionTissue.stream().mapToInt(Integer::intValue).toArray();
        return this;
    }

    /** Adds a tissue motion, applied after those added before. */
    public LayeredPhantom move(Motion motion) {
        motions.add(motion);
        return this;
    }

    @Override
    public List<Tissue> tissues() {
        return tissues;
    }

    /** The tissue at the rest-state point (x, z), from the raster where it covers the point. */
    public int restTissue(double x, double z) {
        int cx = (int) Math.floor((x - X0) / CELL_MM);
        int cz = (int) Math.floor((z - Z0) / CELL_MM);
        if (cx < 0 || cz < 0 || cx >= TILES * TILE || cz >= TILES * TILE) {
            return paintedTissue(x, z);
        }
        int tileIndex = (cz >> TILE_BITS) * TILES + (cx >> TILE_BITS);
        short[] tile = tiles[tileIndex];
        if (tile == null) {
            tile = new short[TILE * TILE];
            tiles[tileIndex] = tile;
        }
        int cell = ((cz & (TILE - 1)) << TILE_BITS) | (cx & (TILE - 1));
        int v = tile[cell];
        if (v == 0) {
            v = paintedTissue(X0 + (cx + 0.5) * CELL_MM, Z0 + (cz + 0.5) * CELL_MM) + 1;
            tile[cell] = (short) v;
        }
        return v - 1;
    }

    /** The tissue at (x, z) from the regions themselves (no raster). */
    public int paintedTissue(double x, double z) {
        for (int r = regionArray.length - 1; r >= 0; r--) {
            if (regionArray[r].contains(x, z)) {
                return tissueArray[r];
            }
        }
        return background;
    }

    @Override
    public int tissueAt(double x, double z, double t) {
        if (motions.isEmpty()) {
            return restTissue(x, z);
        }
        double[] p = {x, z};
        materialPoint(x, z, t, p);
        return restTissue(p[0], p[1]);
    }

    @Override
    public void materialPoint(double x, double z, double t, double[] out) {
        out[0] = x;
        out[1] = z;
        for (Motion m : motions) {
            m.toRest(t, out);
        }
    }

    @Override
    public int sample(double x, double z, double t, double[] material) {
        materialPoint(x, z, t, material);
        return restTissue(material[0], material[1]);
    }
}
