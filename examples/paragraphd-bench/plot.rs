//! The PNG of `BENCHMARKS.md`: latency percentiles against offered load for scenario (a), for
//! paragraphd and the echo baseline, from the fixed-rate sweep.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::FontStyle;

use super::BenchError;
use super::client::Target;
use super::stats::LoadReport;

/// Fonts tried, in order (Debian's `fonts-dejavu-core`); plotters draws text with the first
/// found, with no system font library.
const FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
];

/// Draws p50, p90 and p99 against offered calls/s for both targets into `path` (PNG).
pub(crate) fn draw(sweep: &[LoadReport], path: &Path) -> Result<(), BenchError> {
    register_font()?;
    let fail = |e: &dyn std::fmt::Display| BenchError::Other(format!("plotting: {e}"));
    let root = BitMapBackend::new(path, (1000, 620)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let (x_max, y_min, y_max) = bounds(sweep);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "SelectParagraphs, one paragraph: latency vs offered load (pinned)",
            ("sans-serif", 24),
        )
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(0f64..x_max, (y_min..y_max).log_scale())
        .map_err(|e| fail(&e))?;
    chart
        .configure_mesh()
        .x_desc("offered load, calls/s")
        .y_desc("latency, ms (log scale)")
        .label_style(("sans-serif", 16))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y}"))
        .draw()
        .map_err(|e| fail(&e))?;
    for (target, color) in [(Target::Paragraphd, BLUE), (Target::Echo, RED)] {
        for (name, quantile, width) in [("p50", 0, 1), ("p90", 1, 2), ("p99", 2, 3)] {
            let points = series(sweep, target, quantile);
            let style =
                ShapeStyle::from(&color.mix(0.35 + 0.3 * quantile as f64)).stroke_width(width);
            chart
                .draw_series(LineSeries::new(points.clone(), style))
                .map_err(|e| fail(&e))?
                .label(format!("{} {name}", target.name()))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], style));
            chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 3, style.filled())),
                )
                .map_err(|e| fail(&e))?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", 16))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(|e| fail(&e))?;
    root.present().map_err(|e| fail(&e))?;
    Ok(())
}

/// (offered calls/s, latency ms) of one target and quantile (0 = p50, 1 = p90, 2 = p99).
fn series(sweep: &[LoadReport], target: Target, quantile: usize) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = sweep
        .iter()
        .filter(|r| r.target == target)
        .filter_map(|r| {
            let l = &r.main.latency;
            let us = [l.p50_us, l.p90_us, l.p99_us][quantile];
            Some((r.offered_rate?, (us / 1e3).max(1e-3)))
        })
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    points
}

fn bounds(sweep: &[LoadReport]) -> (f64, f64, f64) {
    let x_max = sweep
        .iter()
        .filter_map(|r| r.offered_rate)
        .fold(1.0, f64::max)
        * 1.05;
    let lats = sweep
        .iter()
        .flat_map(|r| [r.main.latency.p50_us, r.main.latency.p99_us]);
    let (lo, hi) = lats.fold((f64::INFINITY, 0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let lo = if lo.is_finite() {
        (lo / 1e3 / 1.5).max(1e-3)
    } else {
        0.01
    };
    (x_max, lo, (hi / 1e3 * 1.5).max(lo * 10.0))
}

fn register_font() -> Result<(), BenchError> {
    for path in FONTS {
        if let Ok(bytes) = std::fs::read(path) {
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            return plotters::style::register_font("sans-serif", FontStyle::Normal, bytes)
                .map_err(|_| BenchError::Other(format!("{path} is not a usable font")));
        }
    }
    Err(BenchError::Other(
        "no DejaVu Sans font found for the plot: apt-get install -y fonts-dejavu-core".into(),
    ))
}
