package dev.landfall.tensor.spi;

/**
 * Everything a channels-last 2-D window operation needs to know about sizes: batch {@code n}, input
 * {@code h × w × c}, window {@code kh × kw}, strides, dilations, the padding added at the top and
 * left (bottom and right follow from the output size), and the output {@code oh × ow}.
 */
public record Conv2dGeometry(int n, int h, int w, int c,
                             int kh, int kw, int strideH, int strideW, int dilationH, int dilationW,
                             int padTop, int padLeft, int oh, int ow) {

    /** Number of elements of the im2col matrix: {@code n·oh·ow·kh·kw·c}. */
    public long colsSize() {
        return (long) n * oh * ow * kh * kw * c;
    }
}
