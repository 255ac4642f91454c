// SSD's multibox loss per image, fused (see multibox.c).
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
/// of offset - target offset), divided by denom = max(1, |P|).
///
/// Every value is computed as the chain of engine operations it replaces computes it
/// (llal_cross_entropy, masks, smooth L1 on whole rows, llal_reduce's row sums), so the
/// losses and the gradient are theirs bit for bit. `denom` [images] receives max(1, |P|);
/// `saved` is NULL or [images, 3, anchors], receiving per anchor the row's max, its
/// log-sum and 1 if chosen (else 0), for the backward pass. `scratch` holds (c + 9) *
/// anchors floats.
void llal_multibox_loss(const float *x, const float *targets, size_t images,
                        size_t anchors, size_t c, size_t neg_ratio, size_t min_neg,
                        float *loss, float *denom, float *saved, float *scratch);

/// dx [images, anchors, c + 4] = g[i] * d loss[i] / d x[i], from llal_multibox_loss's
/// `denom` and `saved`: on the chosen rows' logits g / denom times the softmax minus the
/// one-hot label, on the positives' offsets g / denom times the offset error clamped to
/// [-1, 1], 0 elsewhere.
void llal_multibox_loss_backward(const float *x, const float *targets, size_t images,
                                 size_t anchors, size_t c, const float *denom,
                                 const float *saved, const float *g, float *dx);

#endif
