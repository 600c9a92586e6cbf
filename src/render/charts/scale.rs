//! The value axis: "nice" ranges and ticks, and fixed number formatting.

/// A linear axis from `min` to `max` with grid lines every `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ValueScale {
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// Labels sit in the middle of each step (years on a Gantt chart) rather
    /// than on the grid lines.
    pub centered: bool,
}

/// Most ticks an axis ever gets, whatever the input.
const MAX_TICKS: usize = 60;

impl ValueScale {
    /// A range from `min(lo, 0)` covering `hi` with 5 % headroom, split in
    /// steps of 1, 2 or 5 × 10ⁿ, about `ticks` of them. `fixed_max` is the
    /// top of the axis instead, unless some data lies above it.
    pub(crate) fn nice(lo: f64, hi: f64, ticks: usize, fixed_max: Option<f64>) -> ValueScale {
        let lo = if lo.is_finite() { lo.min(0.0) } else { 0.0 };
        let hi = if hi.is_finite() { hi.max(lo) } else { lo };
        let ticks = ticks.clamp(2, 12) as f64;
        if let Some(max) = fixed_max.filter(|m| m.is_finite() && *m > lo && *m >= hi) {
            let step = nice_step((max - lo) / ticks);
            let min = (lo / step).floor() * step;
            return ValueScale {
                min,
                max,
                step,
                centered: false,
            };
        }
        let span = if hi - lo > f64::EPSILON * hi.abs().max(1.0) {
            (hi - lo) * 1.05
        } else {
            1.0
        };
        let step = nice_step(span / ticks);
        let min = (lo / step).floor() * step;
        let max = ((lo + span) / step).ceil() * step;
        ValueScale {
            min,
            max,
            step,
            centered: false,
        }
    }

    /// Whole years `first..=last`, each a cell from Jan 1 to Dec 31, labelled
    /// in its middle; the step grows when there are more than `ticks` years.
    pub(crate) fn years(first: i32, last: i32, ticks: usize) -> ValueScale {
        let (first, last) = (first.min(last), first.max(last));
        let count = f64::from(last - first + 1);
        let step = (count / ticks.max(1) as f64).ceil().max(1.0);
        ValueScale {
            min: f64::from(first),
            max: f64::from(first) + (count / step).ceil() * step,
            step,
            centered: true,
        }
    }

    /// Positions of the grid lines, `min` to `max`.
    pub(crate) fn grid(&self) -> Vec<f64> {
        (0..=MAX_TICKS)
            .map(|k| self.min + k as f64 * self.step)
            .take_while(|v| *v <= self.max + self.step * 1e-9)
            .collect()
    }

    /// Label positions: the grid lines, or the middles of the cells.
    pub(crate) fn label_positions(&self) -> Vec<f64> {
        let grid = self.grid();
        if self.centered {
            grid.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect()
        } else {
            grid
        }
    }

    /// The value a label at `position` shows.
    pub(crate) fn label_value(&self, position: f64) -> f64 {
        if self.centered {
            position - self.step / 2.0
        } else {
            position
        }
    }

    /// Decimals that tell the tick labels apart.
    pub(crate) fn tick_decimals(&self, percent: bool) -> usize {
        let step = if percent {
            self.step * 100.0
        } else {
            self.step
        };
        let d = -(step.log10() + 1e-9).floor();
        if d.is_finite() && d > 0.0 {
            (d as usize).min(6)
        } else {
            0
        }
    }

    /// Fraction (0 at `min`, 1 at `max`) of the way along the axis.
    pub(crate) fn fraction(&self, v: f64) -> f64 {
        (v - self.min) / (self.max - self.min)
    }

    /// `v` clamped into the axis.
    pub(crate) fn clamp(&self, v: f64) -> f64 {
        v.clamp(self.min, self.max)
    }
}

/// The smallest 1, 2 or 5 × 10ⁿ at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let m = if norm <= 1.0 + 1e-9 {
        1.0
    } else if norm <= 2.0 + 1e-9 {
        2.0
    } else if norm <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    m * mag
}

/// `v` with `decimals` decimals, as a percentage (× 100, `%`) if `percent`;
/// never `-0`.
pub(crate) fn format_number(v: f64, decimals: usize, percent: bool) -> String {
    let v = if percent { v * 100.0 } else { v };
    let mut s = crate::render::templates::format_fixed(v, decimals);
    if percent {
        s.push('%');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_scale_starts_at_zero() {
        let s = ValueScale::nice(0.12, 0.48, 6, None);
        assert_eq!((s.min, s.step), (0.0, 0.1));
        assert!((s.max - 0.6).abs() < 1e-12);
        assert_eq!(s.grid().len(), 7);
        assert_eq!(s.tick_decimals(false), 1);
        assert_eq!(s.tick_decimals(true), 0);
    }

    #[test]
    fn nice_scale_degenerate_inputs() {
        let s = ValueScale::nice(f64::NAN, f64::INFINITY, 5, None);
        assert_eq!((s.min, s.max), (0.0, 1.0));
        let s = ValueScale::nice(0.0, 0.0, 5, None);
        assert!(s.max > 0.0);
        let s = ValueScale::nice(-30.0, 20.0, 5, None);
        assert!(s.min <= -30.0 && s.max >= 20.0);
        let s = ValueScale::nice(0.0, 0.9, 5, Some(1.0));
        assert_eq!((s.min, s.max, s.step), (0.0, 1.0, 0.2));
        let s = ValueScale::nice(0.0, 1.3, 5, Some(1.0));
        assert!(s.max >= 1.3);
    }

    #[test]
    fn year_cells() {
        let s = ValueScale::years(2020, 2029, 12);
        assert_eq!((s.min, s.max, s.step), (2020.0, 2030.0, 1.0));
        assert_eq!(s.label_positions().len(), 10);
        assert_eq!(s.label_value(2020.5), 2020.0);
    }

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(format_number(0.515, 3, false), "0.515");
        assert_eq!(format_number(-0.0001, 2, false), "0.00");
        assert_eq!(format_number(0.856, 1, true), "85.6%");
        assert_eq!(format_number(2500.0, 0, false), "2500");
    }
}
