//! What scanners and phones do to a clean page: a small rotation, sensor
//! noise, a slight blur, uneven lighting, the colour of paper under a lamp.
//! Each works on the whole image in memory; the pages are at most a few
//! tens of megapixels.

use image::{GrayImage, Luma, Rgb, RgbImage};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// `image` turned by `degrees` (counter-clockwise) about its centre, with
/// bilinear interpolation, kept at its size; corners uncovered are `fill`.
pub fn rotate(image: &GrayImage, degrees: f32, fill: u8) -> GrayImage {
    let (width, height) = image.dimensions();
    let (sin, cos) = degrees.to_radians().sin_cos();
    let centre_x = width as f32 / 2.0;
    let centre_y = height as f32 / 2.0;
    let sample = |x: i64, y: i64| -> f32 {
        if x < 0 || y < 0 || x >= i64::from(width) || y >= i64::from(height) {
            f32::from(fill)
        } else {
            f32::from(image.get_pixel(x as u32, y as u32).0[0])
        }
    };
    GrayImage::from_fn(width, height, |x, y| {
        // Each output pixel looks up where it came from: the inverse turn.
        let dx = x as f32 + 0.5 - centre_x;
        let dy = y as f32 + 0.5 - centre_y;
        let source_x = cos * dx - sin * dy + centre_x - 0.5;
        let source_y = sin * dx + cos * dy + centre_y - 0.5;
        let left = source_x.floor();
        let top = source_y.floor();
        let (fx, fy) = (source_x - left, source_y - top);
        let (left, top) = (left as i64, top as i64);
        let upper = sample(left, top) * (1.0 - fx) + sample(left + 1, top) * fx;
        let lower = sample(left, top + 1) * (1.0 - fx) + sample(left + 1, top + 1) * fx;
        Luma([(upper * (1.0 - fy) + lower * fy).round().clamp(0.0, 255.0) as u8])
    })
}

/// Adds gaussian noise of standard deviation `sigma` grey levels.
pub fn add_noise(image: &mut GrayImage, sigma: f32, rng: &mut ChaCha8Rng) {
    let normal = Normal::new(0.0f32, sigma).expect("finite sigma");
    for pixel in image.pixels_mut() {
        pixel.0[0] = (f32::from(pixel.0[0]) + normal.sample(rng))
            .round()
            .clamp(0.0, 255.0) as u8;
    }
}

/// Adds gaussian noise of standard deviation `sigma` levels to each channel
/// on its own, as a phone's sensor does.
pub fn add_colour_noise(image: &mut RgbImage, sigma: f32, rng: &mut ChaCha8Rng) {
    let normal = Normal::new(0.0f32, sigma).expect("finite sigma");
    for pixel in image.pixels_mut() {
        for channel in &mut pixel.0 {
            *channel = (f32::from(*channel) + normal.sample(rng))
                .round()
                .clamp(0.0, 255.0) as u8;
        }
    }
}

/// A slight gaussian blur (`sigma` pixels), as from a lens out of focus.
pub fn blur(image: &GrayImage, sigma: f32) -> GrayImage {
    image::imageops::fast_blur(image, sigma)
}

/// Darkens the image unevenly, as a lamp to one side and a vignette do: at
/// most by `strength` (0 to 1) of its brightness, smoothly.
pub fn light_unevenly(image: &mut GrayImage, strength: f32, rng: &mut ChaCha8Rng) {
    let (width, height) = image.dimensions();
    let angle = rng.random_range(0.0..std::f32::consts::TAU);
    let (sin, cos) = angle.sin_cos();
    let hot_x = rng.random_range(0.2..0.8) * width as f32;
    let hot_y = rng.random_range(0.2..0.8) * height as f32;
    let diagonal = (width as f32).hypot(height as f32);
    for (x, y, pixel) in image.enumerate_pixels_mut() {
        let (x, y) = (x as f32, y as f32);
        // A gradient across the page and a fall-off away from the lamp.
        let gradient = 0.5 + ((x - hot_x) * cos + (y - hot_y) * sin) / diagonal;
        let distance = (x - hot_x).hypot(y - hot_y) / diagonal;
        let shade = (0.55 * gradient.clamp(0.0, 1.0) + 0.45 * (distance * 1.6).min(1.0)).min(1.0);
        let factor = 1.0 - strength * shade;
        pixel.0[0] = (f32::from(pixel.0[0]) * factor).round() as u8;
    }
}

/// The grey `image` in colour: black becomes `ink`, white `paper`.
pub fn tint(image: &GrayImage, paper: [u8; 3], ink: [u8; 3]) -> RgbImage {
    RgbImage::from_fn(image.width(), image.height(), |x, y| {
        let level = f32::from(image.get_pixel(x, y).0[0]) / 255.0;
        Rgb(std::array::from_fn(|channel| {
            let (ink, paper) = (f32::from(ink[channel]), f32::from(paper[channel]));
            (ink + (paper - ink) * level).round() as u8
        }))
    })
}

/// `page` laid on a `width` × `height` background of grey `background`,
/// centred: a page on a desk before the phone takes it.
pub fn lay_on(page: &GrayImage, width: u32, height: u32, background: u8) -> GrayImage {
    let mut canvas = GrayImage::from_pixel(width, height, Luma([background]));
    let x = (i64::from(width) - i64::from(page.width())) / 2;
    let y = (i64::from(height) - i64::from(page.height())) / 2;
    image::imageops::overlay(&mut canvas, page, x, y);
    canvas
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn a_turn_keeps_the_size_and_fills_the_corners() {
        let image = GrayImage::from_pixel(40, 20, Luma([0]));
        let turned = rotate(&image, 10.0, 255);
        assert_eq!(turned.dimensions(), (40, 20));
        assert_eq!(turned.get_pixel(0, 0).0[0], 255);
        assert_eq!(turned.get_pixel(20, 10).0[0], 0);
        assert_eq!(rotate(&image, 0.0, 255), image);
    }

    #[test]
    fn lighting_only_darkens() {
        let mut image = GrayImage::from_pixel(30, 30, Luma([200]));
        light_unevenly(&mut image, 0.3, &mut ChaCha8Rng::seed_from_u64(1));
        let levels: Vec<u8> = image.pixels().map(|pixel| pixel.0[0]).collect();
        assert!(levels.iter().all(|&level| (140..=200).contains(&level)));
        assert!(levels.iter().min() < levels.iter().max());
    }

    #[test]
    fn tint_maps_black_and_white_to_ink_and_paper() {
        let image = GrayImage::from_fn(2, 1, |x, _| Luma([if x == 0 { 0 } else { 255 }]));
        let tinted = tint(&image, [250, 240, 220], [20, 20, 40]);
        assert_eq!(tinted.get_pixel(0, 0).0, [20, 20, 40]);
        assert_eq!(tinted.get_pixel(1, 0).0, [250, 240, 220]);
    }
}
