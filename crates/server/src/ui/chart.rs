//! Server-rendered SVG of a cap period's utilisation over time, with the
//! 1718 Committee's 75 / 90 / 95 % lines and the notices reached.

use embargo::shipments::NaiveDate;
use std::fmt::Write;

const W: f64 = 720.0;
const H: f64 = 260.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 32.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A notice drawn on the chart: (day, percent line it crossed, label).
pub(crate) struct Mark {
    pub day: NaiveDate,
    pub utilisation: f64,
    pub label: String,
}

/// The chart of one period: utilisation (a share, 1.0 = the cap) after each
/// reported day, as a step line from the period's start.
pub(crate) fn period_svg(
    title: &str,
    start: NaiveDate,
    last_day: NaiveDate,
    points: &[(NaiveDate, f64)],
    marks: &[Mark],
) -> String {
    let span = (last_day - start).num_days().max(1) as f64;
    let top_share = points.iter().map(|p| p.1).fold(1.0_f64, f64::max).min(3.0) * 1.05;
    let x = |d: NaiveDate| LEFT + (d - start).num_days() as f64 / span * (W - LEFT - RIGHT);
    let y = |u: f64| TOP + (1.0 - u.min(top_share) / top_share) * (H - TOP - BOTTOM);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="t-{id}" xmlns="http://www.w3.org/2000/svg"><title id="t-{id}">{t}</title>"#,
        id = start,
        t = esc(title)
    );
    // Axes and the threshold lines.
    let _ = write!(
        s,
        r#"<line class="axis" x1="{LEFT}" y1="{b}" x2="{r}" y2="{b}"/><line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b}"/>"#,
        b = H - BOTTOM,
        r = W - RIGHT
    );
    for (share, class) in [(0.75, "t75"), (0.90, "t90"), (0.95, "t95"), (1.0, "t100")] {
        let yy = y(share);
        let _ = write!(
            s,
            r#"<line class="threshold {class}" x1="{LEFT}" y1="{yy:.1}" x2="{r}" y2="{yy:.1}"/><text class="tick" x="{tx}" y="{ty:.1}" text-anchor="end">{p:.0} %</text>"#,
            r = W - RIGHT,
            tx = LEFT - 4.0,
            ty = yy + 4.0,
            p = share * 100.0
        );
    }
    for (d, anchor) in [(start, "start"), (last_day, "end")] {
        let _ = write!(
            s,
            r#"<text class="tick" x="{:.1}" y="{}" text-anchor="{anchor}">{d}</text>"#,
            x(d),
            H - BOTTOM + 18.0
        );
    }
    // The step line: flat until each reported day, then up.
    let mut path = format!("M{:.1},{:.1}", x(start), y(0.0));
    let mut last = 0.0;
    for &(d, u) in points {
        let _ = write!(
            path,
            " L{:.1},{:.1} L{:.1},{:.1}",
            x(d),
            y(last),
            x(d),
            y(u)
        );
        last = u;
    }
    if let Some(&(d, _)) = points.last() {
        let _ = write!(path, " L{:.1},{:.1}", x(d).max(x(d)), y(last));
    }
    let _ = write!(s, r#"<path class="series" d="{path}"/>"#);
    for &(d, u) in points {
        let _ = write!(
            s,
            r#"<circle class="point" cx="{:.1}" cy="{:.1}" r="3"><title>{d}: {:.1} %</title></circle>"#,
            x(d),
            y(u),
            u * 100.0
        );
    }
    for m in marks {
        let _ = write!(
            s,
            r#"<g class="notice"><circle cx="{cx:.1}" cy="{cy:.1}" r="6"/><text x="{tx:.1}" y="{ty:.1}">{l}</text></g>"#,
            cx = x(m.day),
            cy = y(m.utilisation),
            tx = x(m.day) + 8.0,
            ty = y(m.utilisation) - 8.0,
            l = esc(&m.label)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_escapes_and_draws_every_point_and_line() {
        let d = |m, day| NaiveDate::from_ymd_opt(2017, m, day).unwrap();
        let svg = period_svg(
            "coal <2017>",
            d(1, 1),
            d(12, 31),
            &[(d(1, 31), 0.2), (d(3, 31), 0.8)],
            &[Mark {
                day: d(3, 31),
                utilisation: 0.8,
                label: "75 % notice".into(),
            }],
        );
        assert!(svg.contains("coal &lt;2017&gt;"));
        assert_eq!(svg.matches(r#"class="point""#).count(), 2);
        assert_eq!(svg.matches(r#"class="threshold"#).count(), 4);
        assert!(svg.contains("75 % notice"));
    }
}
