//! Sensitivity designs in the unit cube `[0, 1]^k`: the quasi-random Sobol' sequence (Joe & Kuo
//! 2008 direction numbers), the Saltelli (2010) design built on it and Morris (1991)
//! one-at-a-time trajectories. The estimators that read the outputs of these rows are in
//! [`super::estimate`], which re-exports everything here; see it for the agreement with SALib.

use super::estimate::{MAX_FACTORS, MORRIS_STREAM};
use crate::engine::{derive_seed, rng_from_seed};
use rand::RngExt;

/// The most dimensions [`sobol_sequence`] can generate: two per factor (matrices A and B).
pub const MAX_SOBOL_DIMENSIONS: usize = 2 * MAX_FACTORS;

/// Bits of the Sobol' sequence (as SALib's): every coordinate is an integer over `2^31`, and at
/// most `2^31` points can be generated.
const SOBOL_BITS: usize = 31;

// ---------------------------------------------------------------------------------------------
// Sobol' sequence and Saltelli design
// ---------------------------------------------------------------------------------------------

/// The first `points` points, after skipping `skip`, of the `dims`-dimensional Sobol' sequence
/// (Sobol' 1967; Bratley & Fox 1988, Gray-code order; direction numbers of Joe & Kuo 2008,
/// `new-joe-kuo-6.21201`), unscrambled, with 31 bits: the same numbers as SALib's
/// `SALib.sample.sobol_sequence.sample(skip + points, dims)[skip:]`. Point 0 of the sequence is
/// the origin. Each row is one point.
///
/// # Panics
/// If `dims` is more than [`MAX_SOBOL_DIMENSIONS`], or `skip + points` more than `2^31`.
pub fn sobol_sequence(points: usize, dims: usize, skip: usize) -> Vec<Vec<f64>> {
    assert!(
        dims <= MAX_SOBOL_DIMENSIONS,
        "a Sobol' sequence of {dims} dimensions: at most {MAX_SOBOL_DIMENSIONS}"
    );
    let end = skip.checked_add(points).filter(|&e| e <= 1 << SOBOL_BITS);
    assert!(end.is_some(), "{skip} + {points} Sobol' points: at most 2^{SOBOL_BITS}");
    let directions: Vec<[u32; SOBOL_BITS + 1]> = (0..dims).map(direction_numbers).collect();
    // Point i (Gray-code order) is the XOR of the direction numbers of the set bits of gray(i).
    let gray = skip ^ (skip >> 1);
    let mut x: Vec<u32> = directions
        .iter()
        .map(|v| (0..SOBOL_BITS).filter(|b| (gray >> b) & 1 == 1).fold(0, |acc, b| acc ^ v[b + 1]))
        .collect();
    let scale = f64::from(1u32 << SOBOL_BITS);
    let mut rows = Vec::with_capacity(points);
    for i in skip..skip + points {
        if i > skip {
            // From point i - 1 to point i: flip by the direction number of the lowest zero bit
            // of i - 1.
            let bit = (i - 1).trailing_ones() as usize + 1;
            for (xd, v) in x.iter_mut().zip(&directions) {
                *xd ^= v[bit];
            }
        }
        rows.push(x.iter().map(|&xd| f64::from(xd) / scale).collect());
    }
    rows
}

/// The direction numbers `v_1 .. v_31` (scaled to 31 bits; index 0 unused) of dimension `dim`
/// (0-based): dimension 0 has every `m_j = 1`; the others follow Joe & Kuo's primitive
/// polynomial recurrence (Bratley & Fox 1988).
fn direction_numbers(dim: usize) -> [u32; SOBOL_BITS + 1] {
    let mut v = [0u32; SOBOL_BITS + 1];
    if dim == 0 {
        for (j, vj) in v.iter_mut().enumerate().skip(1) {
            *vj = 1 << (SOBOL_BITS - j);
        }
        return v;
    }
    let (a, m) = JOE_KUO[dim - 1];
    let s = m.len();
    for j in 1..=SOBOL_BITS {
        v[j] = if j <= s {
            m[j - 1] << (SOBOL_BITS - j)
        } else {
            let mut vj = v[j - s] ^ (v[j - s] >> s);
            for k in 1..s {
                if (a >> (s - 1 - k)) & 1 == 1 {
                    vj ^= v[j - k];
                }
            }
            vj
        };
    }
    v
}

/// How many Sobol' points [`saltelli`] skips for a base sample of `n`: the smallest power of two
/// `>= n`, and at least 16, as SALib's `saltelli.sample` does by default (its `skip_values`).
/// Skipping a power of two keeps the base sample one aligned block of the sequence, so for
/// `n` a power of two every column of `A` and of `B` has exactly one point in each of the `n`
/// intervals `[j / n, (j + 1) / n)`; it also leaves out the origin, the sequence's first point.
pub fn saltelli_skip(n: usize) -> usize {
    n.next_power_of_two().max(16)
}

/// The Saltelli design for `k` factors and `n` base rows, in the unit cube, with the skip of
/// [`saltelli_skip`]: exactly the rows of SALib's
/// `saltelli.sample(problem, n, calc_second_order=False)` for unit bounds. See
/// [`saltelli_with_skip`] for the row order.
///
/// `n` should be a power of two (the Sobol' sequence is balanced only on such blocks; SALib
/// warns otherwise); other values are accepted.
///
/// # Panics
/// If `k` is 0 or more than [`MAX_FACTORS`], or the points needed pass `2^31`.
pub fn saltelli(n: usize, k: usize) -> Vec<Vec<f64>> {
    saltelli_with_skip(n, k, saltelli_skip(n))
}

/// The Saltelli design (Saltelli 2002; Saltelli et al. 2010, first and total order only) from
/// Sobol' points `skip .. skip + n` in `2 k` dimensions: row `j` of matrix `A` is the first `k`
/// coordinates of point `j`, row `j` of `B` the last `k`, and `A_B^i` is `A` with column `i`
/// taken from `B`. Rows come in SALib's order, base row by base row: `A_j, A_B^1_j, ..,
/// A_B^k_j, B_j`, so there are `n * (k + 2)` rows of `k` coordinates.
///
/// # Panics
/// If `k` is 0 or more than [`MAX_FACTORS`], or `skip + n` passes `2^31`.
pub fn saltelli_with_skip(n: usize, k: usize, skip: usize) -> Vec<Vec<f64>> {
    assert!((1..=MAX_FACTORS).contains(&k), "a Saltelli design for {k} factors: 1 to {MAX_FACTORS}");
    let base = sobol_sequence(n, 2 * k, skip);
    let mut rows = Vec::with_capacity(n * (k + 2));
    for point in &base {
        let (a, b) = point.split_at(k);
        rows.push(a.to_vec());
        for i in 0..k {
            let mut ab = a.to_vec();
            ab[i] = b[i];
            rows.push(ab);
        }
        rows.push(b.to_vec());
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// Morris trajectories
// ---------------------------------------------------------------------------------------------

/// The Morris (1991) design: `trajectories` one-at-a-time trajectories for `k` factors on the
/// `levels`-level grid `{0, 1/(p-1), .., 1}` (`p = levels`), with step
/// `delta = p / (2 (p - 1))`, as SALib's `morris.sample` (without optimised trajectories).
///
/// Each trajectory starts from a base point `x*` drawn uniformly per factor from the levels
/// `{0, .., 1 - delta}`, a direction `+1` or `-1` per factor and a random order of the factors;
/// its first row puts factor `i` at `x*_i` (direction `+1`) or `x*_i + delta` (direction `-1`),
/// and row `s` (1 to `k`) moves the `s`-th factor of the order by `delta` in its direction.
/// Rows come trajectory by trajectory, `k + 1` each. Trajectory `t` draws from
/// `rng_from_seed(derive_seed(seed, t, MORRIS_STREAM))`: base levels, then directions, then the
/// order (a Fisher-Yates shuffle).
///
/// # Panics
/// If `k` is 0, or `levels` is not even and at least 2.
pub fn morris(trajectories: usize, k: usize, levels: usize, seed: u64) -> Vec<Vec<f64>> {
    assert!(k >= 1, "a Morris design needs at least one factor");
    assert!(
        levels >= 2 && levels.is_multiple_of(2),
        "a Morris grid of {levels} levels: it must be even and at least 2"
    );
    // In grid units (level l is l / (p - 1)), delta is p / 2 levels and x* is below p / 2.
    let half = levels / 2;
    let spacing = (levels - 1) as f64;
    let mut rows = Vec::with_capacity(trajectories * (k + 1));
    for t in 0..trajectories {
        let mut rng = rng_from_seed(derive_seed(seed, t as u64, MORRIS_STREAM));
        let base: Vec<usize> = (0..k).map(|_| rng.random_range(0..half)).collect();
        let up: Vec<bool> = (0..k).map(|_| rng.random::<bool>()).collect();
        let mut order: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            order.swap(i, rng.random_range(0..=i));
        }
        let mut level: Vec<usize> = (0..k).map(|i| if up[i] { base[i] } else { base[i] + half }).collect();
        rows.push(level.iter().map(|&l| l as f64 / spacing).collect());
        for &i in &order {
            level[i] = if up[i] { level[i] + half } else { level[i] - half };
            rows.push(level.iter().map(|&l| l as f64 / spacing).collect());
        }
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// Direction numbers
// ---------------------------------------------------------------------------------------------

// Sobol' direction numbers for dimensions 2 to 128, `(a, [m_1, .., m_s])` with `s` the degree of
// the primitive polynomial and `a` its inner coefficients as bits: the first 127 lines of
// S. Joe and F. Y. Kuo, `new-joe-kuo-6.21201` (Joe & Kuo 2008, "Constructing Sobol sequences
// with better two-dimensional projections", SIAM J. Sci. Comput. 30, 2635-2654), as SALib ships
// them in `SALib/sample/directions.py`.
//
// Copyright (c) 2008, Frances Y. Kuo and Stephen Joe. All rights reserved. Redistribution and
// use in source and binary forms, with or without modification, are permitted provided that the
// following conditions are met: redistributions of source code must retain the above copyright
// notice, this list of conditions and the following disclaimer; redistributions in binary form
// must reproduce the above copyright notice, this list of conditions and the following
// disclaimer in the documentation and/or other materials provided with the distribution;
// neither the names of the copyright holders nor the names of the University of New South Wales
// and the University of Waikato and its contributors may be used to endorse or promote products
// derived from this software without specific prior written permission. THIS SOFTWARE IS
// PROVIDED BY THE COPYRIGHT HOLDERS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING,
// BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR
// PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDERS BE LIABLE FOR ANY DIRECT,
// INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED
// TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
// INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT
// LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF
// THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
#[rustfmt::skip]
const JOE_KUO: [(u32, &[u32]); MAX_SOBOL_DIMENSIONS - 1] = [
    (0, &[1]),
    (1, &[1, 3]),
    (1, &[1, 3, 1]),
    (2, &[1, 1, 1]),
    (1, &[1, 1, 3, 3]),
    (4, &[1, 3, 5, 13]),
    (2, &[1, 1, 5, 5, 17]),
    (4, &[1, 1, 5, 5, 5]),
    (7, &[1, 1, 7, 11, 19]),
    (11, &[1, 1, 5, 1, 1]),
    (13, &[1, 1, 1, 3, 11]),
    (14, &[1, 3, 5, 5, 31]),
    (1, &[1, 3, 3, 9, 7, 49]),
    (13, &[1, 1, 1, 15, 21, 21]),
    (16, &[1, 3, 1, 13, 27, 49]),
    (19, &[1, 1, 1, 15, 7, 5]),
    (22, &[1, 3, 1, 15, 13, 25]),
    (25, &[1, 1, 5, 5, 19, 61]),
    (1, &[1, 3, 7, 11, 23, 15, 103]),
    (4, &[1, 3, 7, 13, 13, 15, 69]),
    (7, &[1, 1, 3, 13, 7, 35, 63]),
    (8, &[1, 3, 5, 9, 1, 25, 53]),
    (14, &[1, 3, 1, 13, 9, 35, 107]),
    (19, &[1, 3, 1, 5, 27, 61, 31]),
    (21, &[1, 1, 5, 11, 19, 41, 61]),
    (28, &[1, 3, 5, 3, 3, 13, 69]),
    (31, &[1, 1, 7, 13, 1, 19, 1]),
    (32, &[1, 3, 7, 5, 13, 19, 59]),
    (37, &[1, 1, 3, 9, 25, 29, 41]),
    (41, &[1, 3, 5, 13, 23, 1, 55]),
    (42, &[1, 3, 7, 3, 13, 59, 17]),
    (50, &[1, 3, 1, 3, 5, 53, 69]),
    (55, &[1, 1, 5, 5, 23, 33, 13]),
    (56, &[1, 1, 7, 7, 1, 61, 123]),
    (59, &[1, 1, 7, 9, 13, 61, 49]),
    (62, &[1, 3, 3, 5, 3, 55, 33]),
    (14, &[1, 3, 1, 15, 31, 13, 49, 245]),
    (21, &[1, 3, 5, 15, 31, 59, 63, 97]),
    (22, &[1, 3, 1, 11, 11, 11, 77, 249]),
    (38, &[1, 3, 1, 11, 27, 43, 71, 9]),
    (47, &[1, 1, 7, 15, 21, 11, 81, 45]),
    (49, &[1, 3, 7, 3, 25, 31, 65, 79]),
    (50, &[1, 3, 1, 1, 19, 11, 3, 205]),
    (52, &[1, 1, 5, 9, 19, 21, 29, 157]),
    (56, &[1, 3, 7, 11, 1, 33, 89, 185]),
    (67, &[1, 3, 3, 3, 15, 9, 79, 71]),
    (70, &[1, 3, 7, 11, 15, 39, 119, 27]),
    (84, &[1, 1, 3, 1, 11, 31, 97, 225]),
    (97, &[1, 1, 1, 3, 23, 43, 57, 177]),
    (103, &[1, 3, 7, 7, 17, 17, 37, 71]),
    (115, &[1, 3, 1, 5, 27, 63, 123, 213]),
    (122, &[1, 1, 3, 5, 11, 43, 53, 133]),
    (8, &[1, 3, 5, 5, 29, 17, 47, 173, 479]),
    (13, &[1, 3, 3, 11, 3, 1, 109, 9, 69]),
    (16, &[1, 1, 1, 5, 17, 39, 23, 5, 343]),
    (22, &[1, 3, 1, 5, 25, 15, 31, 103, 499]),
    (25, &[1, 1, 1, 11, 11, 17, 63, 105, 183]),
    (44, &[1, 1, 5, 11, 9, 29, 97, 231, 363]),
    (47, &[1, 1, 5, 15, 19, 45, 41, 7, 383]),
    (52, &[1, 3, 7, 7, 31, 19, 83, 137, 221]),
    (55, &[1, 1, 1, 3, 23, 15, 111, 223, 83]),
    (59, &[1, 1, 5, 13, 31, 15, 55, 25, 161]),
    (62, &[1, 1, 3, 13, 25, 47, 39, 87, 257]),
    (67, &[1, 1, 1, 11, 21, 53, 125, 249, 293]),
    (74, &[1, 1, 7, 11, 11, 7, 57, 79, 323]),
    (81, &[1, 1, 5, 5, 17, 13, 81, 3, 131]),
    (82, &[1, 1, 7, 13, 23, 7, 65, 251, 475]),
    (87, &[1, 3, 5, 1, 9, 43, 3, 149, 11]),
    (91, &[1, 1, 3, 13, 31, 13, 13, 255, 487]),
    (94, &[1, 3, 3, 1, 5, 63, 89, 91, 127]),
    (103, &[1, 1, 3, 3, 1, 19, 123, 127, 237]),
    (104, &[1, 1, 5, 7, 23, 31, 37, 243, 289]),
    (109, &[1, 1, 5, 11, 17, 53, 117, 183, 491]),
    (122, &[1, 1, 1, 5, 1, 13, 13, 209, 345]),
    (124, &[1, 1, 3, 15, 1, 57, 115, 7, 33]),
    (137, &[1, 3, 1, 11, 7, 43, 81, 207, 175]),
    (138, &[1, 3, 1, 1, 15, 27, 63, 255, 49]),
    (143, &[1, 3, 5, 3, 27, 61, 105, 171, 305]),
    (145, &[1, 1, 5, 3, 1, 3, 57, 249, 149]),
    (152, &[1, 1, 3, 5, 5, 57, 15, 13, 159]),
    (157, &[1, 1, 1, 11, 7, 11, 105, 141, 225]),
    (167, &[1, 3, 3, 5, 27, 59, 121, 101, 271]),
    (173, &[1, 3, 5, 9, 11, 49, 51, 59, 115]),
    (176, &[1, 1, 7, 1, 23, 45, 125, 71, 419]),
    (181, &[1, 1, 3, 5, 23, 5, 105, 109, 75]),
    (182, &[1, 1, 7, 15, 7, 11, 67, 121, 453]),
    (185, &[1, 3, 7, 3, 9, 13, 31, 27, 449]),
    (191, &[1, 3, 1, 15, 19, 39, 39, 89, 15]),
    (194, &[1, 1, 1, 1, 1, 33, 73, 145, 379]),
    (199, &[1, 3, 1, 15, 15, 43, 29, 13, 483]),
    (218, &[1, 1, 7, 3, 19, 27, 85, 131, 431]),
    (220, &[1, 3, 3, 3, 5, 35, 23, 195, 349]),
    (227, &[1, 3, 3, 7, 9, 27, 39, 59, 297]),
    (229, &[1, 1, 3, 9, 11, 17, 13, 241, 157]),
    (230, &[1, 3, 7, 15, 25, 57, 33, 189, 213]),
    (234, &[1, 1, 7, 1, 9, 55, 73, 83, 217]),
    (236, &[1, 3, 3, 13, 19, 27, 23, 113, 249]),
    (241, &[1, 3, 5, 3, 23, 43, 3, 253, 479]),
    (244, &[1, 1, 5, 5, 11, 5, 45, 117, 217]),
    (253, &[1, 3, 3, 7, 29, 37, 33, 123, 147]),
    (4, &[1, 3, 1, 15, 5, 5, 37, 227, 223, 459]),
    (13, &[1, 1, 7, 5, 5, 39, 63, 255, 135, 487]),
    (19, &[1, 3, 1, 7, 9, 7, 87, 249, 217, 599]),
    (22, &[1, 1, 3, 13, 9, 47, 7, 225, 363, 247]),
    (50, &[1, 3, 7, 13, 19, 13, 9, 67, 9, 737]),
    (55, &[1, 3, 5, 5, 19, 59, 7, 41, 319, 677]),
    (64, &[1, 1, 5, 3, 31, 63, 15, 43, 207, 789]),
    (69, &[1, 1, 7, 9, 13, 39, 3, 47, 497, 169]),
    (98, &[1, 3, 1, 7, 21, 17, 97, 19, 415, 905]),
    (107, &[1, 3, 7, 1, 3, 31, 71, 111, 165, 127]),
    (115, &[1, 1, 5, 11, 1, 61, 83, 119, 203, 847]),
    (121, &[1, 3, 3, 13, 9, 61, 19, 97, 47, 35]),
    (127, &[1, 1, 7, 7, 15, 29, 63, 95, 417, 469]),
    (134, &[1, 3, 1, 9, 25, 9, 71, 57, 213, 385]),
    (140, &[1, 3, 5, 13, 31, 47, 101, 57, 39, 341]),
    (145, &[1, 1, 3, 3, 31, 57, 125, 173, 365, 551]),
    (152, &[1, 3, 7, 1, 13, 57, 67, 157, 451, 707]),
    (158, &[1, 1, 1, 7, 21, 13, 105, 89, 429, 965]),
    (161, &[1, 1, 5, 9, 17, 51, 45, 119, 157, 141]),
    (171, &[1, 3, 7, 7, 13, 45, 91, 9, 129, 741]),
    (181, &[1, 3, 7, 1, 23, 57, 67, 141, 151, 571]),
    (194, &[1, 1, 3, 11, 17, 47, 93, 107, 375, 157]),
    (199, &[1, 3, 3, 5, 11, 21, 43, 51, 169, 915]),
    (203, &[1, 1, 5, 3, 15, 55, 101, 67, 455, 625]),
    (208, &[1, 3, 5, 9, 1, 23, 29, 47, 345, 595]),
    (227, &[1, 3, 7, 7, 5, 49, 29, 155, 323, 589]),
    (242, &[1, 3, 3, 7, 5, 41, 127, 61, 261, 717]),
];
