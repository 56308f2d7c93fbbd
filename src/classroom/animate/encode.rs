//! GIF encoding for `dyad animate`: one palette for the whole film, and only the rectangle that
//! changed from the previous frame.
//!
//! Plotters' GIF backend quantises every frame on its own (NeuQuant at full quality) and writes
//! it whole: about 20 ms and 20 kB a frame, most of them for pixels that did not change. Here
//! the palette is learned once from a few frames (the first, some in between, the last), every
//! frame is mapped to it through a cache of the colours already seen, and each frame stores only
//! the bounding box of the pixels that differ from the frame before, drawn over it (disposal
//! "keep"). A film of a few hundred frames at 720 px is then a few hundred kilobytes.

use color_quant::NeuQuant;
use std::collections::HashMap;
use std::io::Write;

/// Colours in the palette; the last of the 128 entries is transparent.
const COLOURS: usize = 127;
/// The palette entry of pixels that did not change from the previous frame.
const TRANSPARENT: u8 = 127;

/// A palette of at most 127 colours, and the index of every colour met so far.
pub struct Palette {
    /// `r, g, b` of each entry.
    rgb: Vec<u8>,
    quant: NeuQuant,
    cache: HashMap<[u8; 3], u8>,
}

impl Palette {
    /// Learns a palette from these RGB frames (3 bytes a pixel). Each entry is then moved to
    /// the most frequent exact colour of the pixels nearest to it, so that flat colours (the
    /// background, the strategy fills, the ink) come out exactly as drawn.
    pub fn learn(frames: &[&[u8]]) -> Palette {
        let mut counts: HashMap<[u8; 3], u64> = HashMap::new();
        for frame in frames {
            for px in frame.chunks_exact(3) {
                *counts.entry([px[0], px[1], px[2]]).or_default() += 1;
            }
        }
        let mut colours: Vec<([u8; 3], u64)> = counts.into_iter().collect();
        colours.sort_unstable(); // a fixed order, so the palette does not depend on hashing
        let rgba: Vec<u8> =
            frames.iter().flat_map(|f| f.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255])).collect();
        let quant = NeuQuant::new(10, COLOURS, &rgba);
        let mut rgb = quant.color_map_rgb();
        // The most frequent exact colour of each entry's pixels.
        let mut best: Vec<Option<([u8; 3], u64)>> = vec![None; rgb.len() / 3];
        for &(c, n) in &colours {
            let i = quant.index_of(&[c[0], c[1], c[2], 255]);
            if best[i].is_none_or(|(_, m)| n > m) {
                best[i] = Some((c, n));
            }
        }
        for (i, b) in best.iter().enumerate() {
            if let Some((c, _)) = b {
                rgb[3 * i..3 * i + 3].copy_from_slice(c);
            }
        }
        Palette { rgb, quant, cache: HashMap::new() }
    }

    /// The palette as the GIF header stores it: the colours, then the transparent entry.
    pub fn rgb(&self) -> Vec<u8> {
        let mut rgb = self.rgb.clone();
        rgb.resize(3 * (usize::from(TRANSPARENT) + 1), 0);
        rgb
    }

    /// The index of the entry nearest to `c` (by NeuQuant's search).
    fn index(&mut self, c: [u8; 3]) -> u8 {
        let quant = &self.quant;
        *self.cache.entry(c).or_insert_with(|| quant.index_of(&[c[0], c[1], c[2], 255]) as u8)
    }

    /// An RGB frame as palette indices, into `out`.
    pub fn map(&mut self, frame: &[u8], out: &mut Vec<u8>) {
        out.clear();
        let mut last = None;
        for px in frame.chunks_exact(3) {
            let c = [px[0], px[1], px[2]];
            // Runs of one colour are the rule: skip the lookup for them.
            let i = match last {
                Some((l, i)) if l == c => i,
                _ => self.index(c),
            };
            last = Some((c, i));
            out.push(i);
        }
    }
}

/// Writes frames of palette indices as a looping GIF, each as the rectangle that changed.
pub struct Film<W: Write> {
    encoder: gif::Encoder<W>,
    size: (u16, u16),
    previous: Option<Vec<u8>>,
    /// Frames written.
    pub frames: u32,
}

fn gif_error(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl<W: Write> Film<W> {
    /// A GIF of `size` pixels with the palette `palette`, looping forever.
    pub fn new(w: W, size: (u32, u32), palette: &Palette) -> Result<Self, String> {
        let size = (
            u16::try_from(size.0).map_err(|_| "frames wider than 65535 px".to_string())?,
            u16::try_from(size.1).map_err(|_| "frames taller than 65535 px".to_string())?,
        );
        let mut encoder = gif::Encoder::new(w, size.0, size.1, &palette.rgb()).map_err(gif_error)?;
        encoder.set_repeat(gif::Repeat::Infinite).map_err(gif_error)?;
        Ok(Film { encoder, size, previous: None, frames: 0 })
    }

    /// Adds a frame of palette indices shown for `delay` hundredths of a second: the rectangle
    /// that changed, with the pixels in it that did not change transparent (long runs of one
    /// index, which LZW compresses to almost nothing).
    pub fn add(&mut self, indices: Vec<u8>, delay: u16) -> Result<(), String> {
        let (w, h) = (usize::from(self.size.0), usize::from(self.size.1));
        let (left, top, right, bottom) = match &self.previous {
            None => (0, 0, w, h),
            Some(prev) => changed(prev, &indices, w).unwrap_or((0, 0, 1, 1)),
        };
        let mut buffer = Vec::with_capacity((right - left) * (bottom - top));
        for y in top..bottom {
            let row = &indices[y * w + left..y * w + right];
            match &self.previous {
                None => buffer.extend_from_slice(row),
                Some(prev) => {
                    let before = &prev[y * w + left..y * w + right];
                    buffer
                        .extend(row.iter().zip(before).map(|(&n, &o)| if n == o { TRANSPARENT } else { n }));
                }
            }
        }
        let frame = gif::Frame {
            delay,
            dispose: gif::DisposalMethod::Keep,
            transparent: self.previous.is_some().then_some(TRANSPARENT),
            left: left as u16,
            top: top as u16,
            width: (right - left) as u16,
            height: (bottom - top) as u16,
            buffer: buffer.into(),
            ..gif::Frame::default()
        };
        self.encoder.write_frame(&frame).map_err(gif_error)?;
        self.previous = Some(indices);
        self.frames += 1;
        Ok(())
    }

    /// Writes the trailer and returns the writer.
    pub fn finish(self) -> Result<W, String> {
        self.encoder.into_inner().map_err(gif_error)
    }
}

/// The bounding box `(left, top, right, bottom)`, exclusive on the right and bottom, of the
/// pixels that differ between two frames `w` pixels wide; `None` when none do.
fn changed(a: &[u8], b: &[u8], w: usize) -> Option<(usize, usize, usize, usize)> {
    let rows: Vec<usize> =
        (0..a.len() / w).filter(|&y| a[y * w..(y + 1) * w] != b[y * w..(y + 1) * w]).collect();
    let (&top, &last) = (rows.first()?, rows.last()?);
    let (mut left, mut right) = (w, 0);
    for &y in &rows {
        let (ra, rb) = (&a[y * w..(y + 1) * w], &b[y * w..(y + 1) * w]);
        if let Some(x) = (0..w).find(|&x| ra[x] != rb[x]) {
            left = left.min(x);
        }
        if let Some(x) = (0..w).rev().find(|&x| ra[x] != rb[x]) {
            right = right.max(x + 1);
        }
    }
    Some((left, top, right, last + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_rectangle_bounds_every_difference() {
        let w = 5;
        let a = vec![0u8; 20];
        let mut b = a.clone();
        assert_eq!(changed(&a, &b, w), None);
        b[w + 3] = 1; // (3, 1)
        b[3 * w + 1] = 2; // (1, 3)
        assert_eq!(changed(&a, &b, w), Some((1, 1, 4, 4)));
    }

    #[test]
    fn flat_colours_are_kept_exactly() {
        let mut frame = Vec::new();
        for i in 0..10_000u32 {
            let c: [u8; 3] = match i % 10 {
                0..=5 => [255, 255, 255],
                6 | 7 => [0, 114, 178],
                8 => [213, 94, 0],
                _ => [(i % 251) as u8, 40, 90],
            };
            frame.extend(c);
        }
        let mut palette = Palette::learn(&[&frame]);
        let mut indices = Vec::new();
        palette.map(&frame, &mut indices);
        // Pixels 0 to 8 are white, blue and orange.
        for (px, &i) in frame.chunks_exact(3).zip(&indices).take(9) {
            let entry = &palette.rgb[3 * usize::from(i)..3 * usize::from(i) + 3];
            assert_eq!(entry, px, "a flat colour keeps its exact value");
        }
    }
}
