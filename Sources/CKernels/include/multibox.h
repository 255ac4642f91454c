// SSD's multibox loss per image, in one pass over a detector's output (see multibox.c).
#ifndef LLAL_MULTIBOX_H
#define LLAL_MULTIBOX_H

#include <stddef.h>

/// The multibox loss of each of `images` images: `x` [images, anchors, c + 4] holds per
/// anchor c class logits (class 0 background) then 4 box offsets; `targets` [images,
/// anchors, 5] per anchor its label (a whole number in [0, c), 0 background) then its 4
/// encoded offsets. Per image, with ce the cross-entropy of every anchor, P the positive
/// anchors (label > 0) and n = min(background anchors, max(neg_ratio * |P|, min_neg)):
/// loss = (sum of ce over P and over the background anchors whose ce is at least the
/// n-th largest background ce, ties all taken) + (sum over P of the smooth L1, beta 1,
/// of offset - target offset), divided by max(1, |P|). Sums are in double.
///
/// With `jac` non-NULL, it receives [images, anchors, c + 4] d loss[i] / d x[i]: the
/// softmax minus the one-hot target on the chosen rows' logits, the clamped offset error
/// on the positives' offsets, 0 elsewhere, each divided by max(1, |P|). `scratch` holds
/// 4 * anchors floats. The cross-entropies are those of llal_cross_entropy, bit for bit.
void llal_multibox_loss(const float *x, const float *targets, size_t images,
                        size_t anchors, size_t c, size_t neg_ratio, size_t min_neg,
                        float *loss, float *jac, float *scratch);

#endif
