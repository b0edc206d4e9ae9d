//! Photographs with no text in them, the third of a leak's images that OCR
//! should skip: a sky and a ground of fractal noise, a few sharp-edged
//! shapes (a sun, buildings, mountains), colour and sensor grain, at a
//! phone's sizes. Nothing here draws a letter or anything shaped like one.

use image::{Rgb, RgbImage};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// How a photograph looks.
#[derive(Debug, Clone, Copy)]
pub struct PhotoStyle {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// Standard deviation of the per-pixel grain, levels: phones' sensor
    /// noise, and what makes their JPEGs large.
    pub grain: f32,
}

/// Value noise summed over octaves: smooth at large scales, detailed at
/// small ones, in 0–1.
struct Fractal {
    /// Each octave's grid of random values, its cells across and down.
    octaves: Vec<(usize, usize, Vec<f32>)>,
    /// Each octave's weight relative to the one before: the higher, the
    /// more fine detail.
    persistence: f32,
}

impl Fractal {
    fn new(
        cells: usize,
        octaves: usize,
        persistence: f32,
        aspect: f32,
        rng: &mut ChaCha8Rng,
    ) -> Fractal {
        let octaves = (0..octaves)
            .map(|octave| {
                let across = cells << octave;
                let down = ((across as f32 / aspect).ceil() as usize).max(1);
                let values = (0..(across + 2) * (down + 2))
                    .map(|_| rng.random::<f32>())
                    .collect();
                (across, down, values)
            })
            .collect();
        Fractal {
            octaves,
            persistence,
        }
    }

    /// The noise at `u`, `v` (0–1 across and down the image).
    fn at(&self, u: f32, v: f32) -> f32 {
        let mut sum = 0.0;
        let mut weight = 1.0;
        let mut total = 0.0;
        for (across, down, values) in &self.octaves {
            let x = u * *across as f32;
            let y = v * *down as f32;
            let (left, top) = (x.floor(), y.floor());
            let (fx, fy) = (smooth(x - left), smooth(y - top));
            let (left, top) = (left as usize, top as usize);
            let stride = across + 2;
            let value = |column: usize, row: usize| values[row * stride + column];
            let upper = value(left, top) * (1.0 - fx) + value(left + 1, top) * fx;
            let lower = value(left, top + 1) * (1.0 - fx) + value(left + 1, top + 1) * fx;
            sum += weight * (upper * (1.0 - fy) + lower * fy);
            total += weight;
            weight *= self.persistence;
        }
        sum / total
    }
}

fn smooth(t: f32) -> f32 {
    t * t * (3.0 - 2.0 * t)
}

/// A sharp-edged shape of one colour.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Disc {
        x: f32,
        y: f32,
        radius: f32,
    },
    Block {
        left: f32,
        top: f32,
        right: f32,
        bottom: f32,
    },
    Peak {
        left: f32,
        right: f32,
        apex_x: f32,
        apex_y: f32,
        base: f32,
    },
}

impl Shape {
    /// The pixels it may cover: left, top, right, bottom (exclusive).
    fn bounds(self) -> (f32, f32, f32, f32) {
        match self {
            Shape::Disc { x, y, radius } => {
                (x - radius, y - radius, x + radius + 1.0, y + radius + 1.0)
            }
            Shape::Block {
                left,
                top,
                right,
                bottom,
            } => (left, top, right, bottom),
            Shape::Peak {
                left,
                right,
                apex_y,
                base,
                ..
            } => (left, apex_y, right + 1.0, base + 1.0),
        }
    }

    fn contains(self, x: f32, y: f32) -> bool {
        match self {
            Shape::Disc {
                x: cx,
                y: cy,
                radius,
            } => (x - cx).hypot(y - cy) <= radius,
            Shape::Block {
                left,
                top,
                right,
                bottom,
            } => x >= left && x < right && y >= top && y < bottom,
            Shape::Peak {
                left,
                right,
                apex_x,
                apex_y,
                base,
            } => {
                if y > base || y < apex_y || x < left || x > right {
                    return false;
                }
                // Between the two sides of the triangle at this height.
                let t = (y - apex_y) / (base - apex_y).max(1.0);
                x >= apex_x + (left - apex_x) * t && x <= apex_x + (right - apex_x) * t
            }
        }
    }
}

/// A colour from hue (0–360), saturation and value (0–1).
fn hsv(hue: f32, saturation: f32, value: f32) -> [f32; 3] {
    let chroma = value * saturation;
    let sector = (hue / 60.0).rem_euclid(6.0);
    let x = chroma * (1.0 - (sector % 2.0 - 1.0).abs());
    let (r, g, b) = match sector as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = value - chroma;
    [(r + m) * 255.0, (g + m) * 255.0, (b + m) * 255.0]
}

/// The scene: colours, horizon, shapes.
struct Scene {
    sky_top: [f32; 3],
    sky_bottom: [f32; 3],
    ground: [f32; 3],
    horizon: f32,
    shapes: Vec<(Shape, [f32; 3])>,
}

fn compose_scene(width: f32, height: f32, rng: &mut ChaCha8Rng) -> Scene {
    let sky_hue = rng.random_range(180.0..250.0);
    let ground_hue = rng.random_range(20.0..140.0);
    let horizon = rng.random_range(0.3..0.65) * height;
    let mut shapes = Vec::new();
    if rng.random_bool(0.5) {
        let radius = rng.random_range(0.03..0.08) * width;
        let sun = Shape::Disc {
            x: rng.random_range(0.1..0.9) * width,
            y: rng.random_range(0.05..0.25) * height,
            radius,
        };
        shapes.push((sun, hsv(rng.random_range(35.0..55.0), 0.5, 1.0)));
    }
    for _ in 0..rng.random_range(1..4) {
        let apex_x = rng.random_range(0.0..1.0) * width;
        let half = rng.random_range(0.15..0.4) * width;
        let peak = Shape::Peak {
            left: apex_x - half,
            right: apex_x + half,
            apex_x,
            apex_y: horizon - rng.random_range(0.05..0.25) * height,
            base: horizon + 1.0,
        };
        let colour = hsv(
            rng.random_range(90.0..260.0),
            0.25,
            rng.random_range(0.3..0.6),
        );
        shapes.push((peak, colour));
    }
    for _ in 0..rng.random_range(0..6) {
        let left = rng.random_range(0.0..0.95) * width;
        let top = horizon - rng.random_range(0.02..0.2) * height;
        let block = Shape::Block {
            left,
            top,
            right: left + rng.random_range(0.03..0.12) * width,
            bottom: horizon + rng.random_range(0.05..0.3) * height,
        };
        let colour = hsv(
            rng.random_range(0.0..360.0),
            rng.random_range(0.1..0.6),
            rng.random_range(0.3..0.9),
        );
        shapes.push((block, colour));
    }
    // Bushes, stones, whatever lies about: many small discs on the ground,
    // for the edges real photographs are full of.
    for _ in 0..rng.random_range(15..60) {
        let radius = rng.random_range(0.004..0.03) * width;
        let bush = Shape::Disc {
            x: rng.random_range(0.0..1.0) * width,
            y: horizon + rng.random_range(0.02..1.0) * (height - horizon),
            radius,
        };
        let colour = hsv(
            ground_hue + rng.random_range(-40.0..40.0),
            rng.random_range(0.2..0.8),
            rng.random_range(0.15..0.75),
        );
        shapes.push((bush, colour));
    }
    Scene {
        sky_top: hsv(
            sky_hue,
            rng.random_range(0.4..0.8),
            rng.random_range(0.5..0.8),
        ),
        sky_bottom: hsv(
            sky_hue - 20.0,
            rng.random_range(0.1..0.3),
            rng.random_range(0.8..1.0),
        ),
        ground: hsv(
            ground_hue,
            rng.random_range(0.3..0.7),
            rng.random_range(0.3..0.6),
        ),
        horizon,
        shapes,
    }
}

/// A photograph of `style`, different for every state of `rng`.
pub fn photograph(style: PhotoStyle, rng: &mut ChaCha8Rng) -> RgbImage {
    let (width, height) = (style.width as f32, style.height as f32);
    let scene = compose_scene(width, height, rng);
    let aspect = width / height;
    let clouds = Fractal::new(3, 6, 0.55, aspect, rng);
    let terrain = Fractal::new(4, 8, 0.7, aspect, rng);
    let mut image = RgbImage::from_fn(style.width, style.height, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let (u, v) = (fx / width, fy / height);
        let colour = if fy < scene.horizon {
            let t = fy / scene.horizon;
            let cloud = (clouds.at(u, v) - 0.45).max(0.0) * 1.8;
            std::array::from_fn(|c| {
                let sky = scene.sky_top[c] * (1.0 - t) + scene.sky_bottom[c] * t;
                sky + (245.0 - sky) * cloud
            })
        } else {
            let shade = 0.4 + 1.2 * terrain.at(u, v);
            scene.ground.map(|level| level * shade)
        };
        Rgb(colour.map(|level| level.round().clamp(0.0, 255.0) as u8))
    });
    // Shapes drawn over their bounding boxes only: some sixty of them.
    for (shape, fill) in &scene.shapes {
        let (left, top, right, bottom) = shape.bounds();
        let columns = left.max(0.0) as u32..(right.max(0.0) as u32).min(style.width);
        for y in top.max(0.0) as u32..(bottom.max(0.0) as u32).min(style.height) {
            for x in columns.clone() {
                let (fx, fy) = (x as f32, y as f32);
                if shape.contains(fx, fy) {
                    let shade = 0.7 + 0.6 * terrain.at(fx / width, fy / height);
                    image.put_pixel(
                        x,
                        y,
                        Rgb(fill.map(|level| (level * shade).round().clamp(0.0, 255.0) as u8)),
                    );
                }
            }
        }
    }
    let mut grain_state = rng.random::<u64>() | 1;
    for pixel in image.pixels_mut() {
        let grain = grain_noise(&mut grain_state) * style.grain;
        for channel in &mut pixel.0 {
            *channel = (f32::from(*channel) + grain).round().clamp(0.0, 255.0) as u8;
        }
    }
    image
}

/// A cheap normal-ish sample (sum of four uniforms, mean 0, deviation 1)
/// from an xorshift state: one per pixel of a 12-megapixel image, where
/// ChaCha would dominate the time.
fn grain_noise(state: &mut u64) -> f32 {
    let mut sum = 0.0;
    for _ in 0..4 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        sum += (*state >> 40) as f32 / (1u64 << 24) as f32;
    }
    // Four uniforms: mean 2, variance 4/12.
    (sum - 2.0) * 1.732
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn photographs_are_colourful_and_seeded() {
        let style = PhotoStyle {
            width: 120,
            height: 80,
            grain: 4.0,
        };
        let first = photograph(style, &mut ChaCha8Rng::seed_from_u64(7));
        let again = photograph(style, &mut ChaCha8Rng::seed_from_u64(7));
        let other = photograph(style, &mut ChaCha8Rng::seed_from_u64(8));
        assert_eq!(first, again);
        assert_ne!(first, other);
        let coloured = first
            .pixels()
            .filter(|pixel| {
                let [r, g, b] = pixel.0.map(i32::from);
                (r - g).abs() + (g - b).abs() > 20
            })
            .count();
        assert!(coloured > 120 * 80 / 2, "{coloured}");
    }

    #[test]
    fn shapes_contain_their_inside() {
        let peak = Shape::Peak {
            left: 0.0,
            right: 100.0,
            apex_x: 50.0,
            apex_y: 0.0,
            base: 100.0,
        };
        assert!(peak.contains(50.0, 50.0));
        assert!(!peak.contains(5.0, 10.0));
        assert!(
            Shape::Disc {
                x: 0.0,
                y: 0.0,
                radius: 2.0
            }
            .contains(1.0, 1.0)
        );
    }
}
