//! Fixed-point number text (`{x:.2}`), as std writes it, faster.
//!
//! Every figure on the site goes through fixed-point formatting, and std's
//! exact mode (Grisu with a Dragon4 fallback on big numbers) with
//! `core::fmt` around it cost over 4 % of a 1,000-school build's instructions. For a value whose scaled form `|x| × 10^d` is
//! below 2^52 and not within two units in the last place of a tie, the
//! rounded digits follow from one multiplication: `x × 10^d` is rounded once,
//! so it lies within half a unit of the exact product and rounds to the same
//! integer. Anything else (ties, huge values, many digits, NaN) is left to
//! std, so the text is always the same as `format!("{x:.d$}")`.

use std::fmt::Write as _;

const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Append `x` with `digits` decimals to `out`: `write!(out, "{x:.digits$}")`.
pub fn write_fixed(out: &mut String, x: f64, digits: usize) {
    if let Some(&scale) = POW10.get(digits) {
        let p = x.abs() * scale;
        // Below 2^52, `p - floor(p)` is exact.
        if p < 4.0e15 {
            let floor = p.floor();
            let frac = p - floor;
            // One rounding: |p - exact| <= ulp(p) / 2 <= EPSILON * p / 2.
            if (frac - 0.5).abs() > 2.0 * f64::EPSILON * p {
                let n = floor as u64 + u64::from(frac > 0.5);
                if x.is_sign_negative() {
                    out.push('-');
                }
                push_digits(out, n, digits);
                return;
            }
        }
    }
    let _ = write!(out, "{x:.digits$}");
}

/// `n / 10^digits` with `digits` decimals (`n` below 2^52): the digits
/// written by hand, as `core::fmt` costs more than the rest of the number.
fn push_digits(out: &mut String, mut n: u64, digits: usize) {
    // 2^52 has 16 digits; a leading `0.`, and a `.`, make at most 18 bytes.
    let mut buf = [0u8; 24];
    let mut at = buf.len();
    let mut written = 0;
    loop {
        if written == digits && digits > 0 {
            at -= 1;
            buf[at] = b'.';
        }
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        written += 1;
        // All the decimals, and at least one digit before the point.
        if n == 0 && written > digits {
            break;
        }
    }
    // ASCII digits and a point only.
    out.push_str(std::str::from_utf8(&buf[at..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fixed(x: f64, digits: usize) -> String {
        let mut s = String::new();
        write_fixed(&mut s, x, digits);
        s
    }

    #[test]
    fn same_text_as_std_at_the_edges() {
        for x in [
            0.0,
            -0.0,
            0.25,
            2.5,
            3.5,
            0.05,
            -1e-10,
            0.515,
            0.125,
            1.005,
            999.995,
            4.0e15,
            1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            5e-324,
            0.1 + 0.2,
        ] {
            for d in 0..18 {
                assert_eq!(fixed(x, d), format!("{x:.d$}"), "{x:e} with {d} digits");
            }
        }
    }

    proptest! {
        #[test]
        fn same_text_as_std(bits in any::<u64>(), digits in 0usize..17) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(fixed(x, digits), format!("{x:.digits$}"));
        }

        #[test]
        fn same_text_as_std_for_figures(
            whole in -1_000_000i64..1_000_000,
            hundredths in 0u32..100_000,
            digits in 0usize..7,
        ) {
            // Values like the ones shown: ratios, percentages, money.
            let x = whole as f64 / 1000.0 + f64::from(hundredths) / 1e7;
            prop_assert_eq!(fixed(x, digits), format!("{x:.digits$}"));
        }
    }
}
