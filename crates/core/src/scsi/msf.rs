//! MSF (minute/second/frame) ↔ LBA, in one place.
//!
//! IOCTL MSF values are binary (never BCD); LBA 0 is MSF 00:02:00. The class
//! driver's `MSF_TO_LBA` computes `4500·M + 75·S + F − 150` in `int` and
//! casts to `ULONG`, so any address before 00:02:00 becomes a huge LBA
//! (00:00:00 → 0xFFFF_FF6A) and out-of-range seconds or frames are folded
//! into the next unit (pitfall 12). Here every conversion is checked: an
//! invalid field or an address before LBA 0 has no LBA at all.

/// Frames per second.
pub const FRAMES_PER_SECOND: u32 = 75;
/// Seconds per minute.
pub const SECONDS_PER_MINUTE: u32 = 60;
/// Frames per minute.
pub const FRAMES_PER_MINUTE: u32 = SECONDS_PER_MINUTE * FRAMES_PER_SECOND;
/// Frames of the lead-in offset (2 seconds).
pub const LBA_OFFSET: u32 = 150;
/// Largest frame count an MSF can hold (255:59:74).
pub const MAX_FRAMES: u32 = 255 * FRAMES_PER_MINUTE + 59 * FRAMES_PER_SECOND + 74;
/// Largest LBA an MSF can hold (255:59:74 − 150 frames).
pub const MAX_LBA: u32 = MAX_FRAMES - LBA_OFFSET;

/// An MSF address with fields in binary. Only valid addresses can be built
/// (S < 60, F < 75), so every `Msf` has a frame count.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, PartialOrd, Ord, Hash)]
pub struct Msf {
    /// Minutes.
    pub m: u8,
    /// Seconds, 0..60.
    pub s: u8,
    /// Frames, 0..75.
    pub f: u8,
}

impl Msf {
    /// 00:02:00, the address of LBA 0.
    pub const LBA_ZERO: Self = Self { m: 0, s: 2, f: 0 };

    /// Builds an MSF; `None` if S ≥ 60 or F ≥ 75.
    pub const fn new(m: u8, s: u8, f: u8) -> Option<Self> {
        if s as u32 >= SECONDS_PER_MINUTE || f as u32 >= FRAMES_PER_SECOND {
            None
        } else {
            Some(Self { m, s, f })
        }
    }

    /// Builds an MSF from `[M, S, F]` as the IOCTL structures and the MMC
    /// address fields carry it; `None` if S ≥ 60 or F ≥ 75.
    pub const fn from_bytes(b: [u8; 3]) -> Option<Self> {
        let [m, s, f] = b;
        Self::new(m, s, f)
    }

    /// `[M, S, F]`.
    pub const fn to_bytes(self) -> [u8; 3] {
        [self.m, self.s, self.f]
    }

    /// The 4-byte MMC address form `00 M S F`.
    pub const fn to_address(self) -> [u8; 4] {
        [0, self.m, self.s, self.f]
    }

    /// Absolute frame count (M·4500 + S·75 + F).
    pub const fn frames(self) -> u32 {
        self.m as u32 * FRAMES_PER_MINUTE + self.s as u32 * FRAMES_PER_SECOND + self.f as u32
    }

    /// The LBA (frames − 150); `None` before 00:02:00, where the class
    /// driver would wrap to a two's-complement value.
    pub const fn to_lba(self) -> Option<u32> {
        self.frames().checked_sub(LBA_OFFSET)
    }

    /// The LBA as a signed value (negative before 00:02:00); never wraps.
    pub const fn to_lba_signed(self) -> i64 {
        self.frames() as i64 - LBA_OFFSET as i64
    }

    /// The MSF of an absolute frame count; `None` past 255:59:74.
    pub const fn from_frames(frames: u32) -> Option<Self> {
        let m = frames / FRAMES_PER_MINUTE;
        if m > 255 {
            return None;
        }
        let rem = frames % FRAMES_PER_MINUTE;
        Some(Self {
            m: m as u8,
            s: (rem / FRAMES_PER_SECOND) as u8,
            f: (rem % FRAMES_PER_SECOND) as u8,
        })
    }

    /// The MSF of an LBA (LBA + 150 frames); `None` past [`MAX_LBA`].
    pub const fn from_lba(lba: u32) -> Option<Self> {
        match lba.checked_add(LBA_OFFSET) {
            Some(frames) => Self::from_frames(frames),
            None => None,
        }
    }
}

impl core::fmt::Display for Msf {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.m, self.s, self.f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lba_zero_is_two_seconds() {
        assert_eq!(Msf::LBA_ZERO.to_lba(), Some(0));
        assert_eq!(Msf::from_lba(0), Some(Msf::LBA_ZERO));
    }

    #[test]
    fn spec_seek_example_is_lba_16() {
        // rawread-exclusive-audio.md §4.4: 00:02:16 → SEEK to LBA 0x10.
        assert_eq!(Msf::new(0, 2, 16).and_then(Msf::to_lba), Some(16));
    }

    #[test]
    fn before_two_seconds_has_no_lba() {
        // The class driver turns 00:00:00 into 0xFFFFFF6A (pitfall 12).
        let msf = Msf::new(0, 0, 0).unwrap();
        assert_eq!(msf.to_lba(), None);
        assert_eq!(msf.to_lba_signed(), -150);
        assert_eq!(msf.to_lba_signed() as u32, 0xFFFF_FF6A);
    }

    #[test]
    fn last_frame_before_lba_zero() {
        assert_eq!(Msf::new(0, 1, 74).and_then(Msf::to_lba), None);
    }

    #[test]
    fn out_of_range_fields_are_rejected() {
        assert_eq!(Msf::new(0, 60, 0), None);
        assert_eq!(Msf::new(0, 0, 75), None);
        assert_eq!(Msf::from_bytes([0xFF, 0xFF, 0xFF]), None);
    }

    #[test]
    fn largest_address() {
        let top = Msf::new(255, 59, 74).unwrap();
        assert_eq!(top.frames(), MAX_FRAMES);
        assert_eq!(top.to_lba(), Some(MAX_LBA));
        assert_eq!(Msf::from_lba(MAX_LBA), Some(top));
        assert_eq!(Msf::from_lba(MAX_LBA + 1), None);
        assert_eq!(Msf::from_lba(u32::MAX), None);
    }

    #[test]
    fn address_form() {
        assert_eq!(Msf::new(1, 2, 3).unwrap().to_address(), [0, 1, 2, 3]);
    }

    #[test]
    fn display() {
        assert_eq!(Msf::new(4, 5, 6).unwrap().to_string(), "04:05:06");
    }

    #[test]
    fn every_valid_address_round_trips() {
        // The whole address space: 256 × 60 × 75 = 1,152,000 addresses.
        let mut expected_frames = 0u32;
        for m in 0..=255u8 {
            for s in 0..60u8 {
                for f in 0..75u8 {
                    let msf = Msf::new(m, s, f).unwrap();
                    assert_eq!(msf.frames(), expected_frames);
                    assert_eq!(Msf::from_frames(expected_frames), Some(msf));
                    expected_frames += 1;
                }
            }
        }
        assert_eq!(expected_frames, MAX_FRAMES + 1);
    }

    proptest! {
        #[test]
        fn msf_round_trip(m in 0u8..=255, s in 0u8..60, f in 0u8..75) {
            let msf = Msf::new(m, s, f).unwrap();
            prop_assert_eq!(Msf::from_frames(msf.frames()), Some(msf));
            prop_assert_eq!(Msf::from_bytes(msf.to_bytes()), Some(msf));
            prop_assert_eq!(msf.to_lba_signed(), i64::from(msf.frames()) - 150);
            match msf.to_lba() {
                Some(lba) => prop_assert_eq!(Msf::from_lba(lba), Some(msf)),
                None => prop_assert!(msf < Msf::LBA_ZERO),
            }
        }

        #[test]
        fn lba_round_trip(lba in 0u32..=MAX_LBA) {
            let msf = Msf::from_lba(lba).unwrap();
            prop_assert_eq!(msf.to_lba(), Some(lba));
            prop_assert!(msf >= Msf::LBA_ZERO);
        }

        #[test]
        fn lba_past_the_range_has_no_msf(lba in (MAX_LBA + 1)..=u32::MAX) {
            prop_assert_eq!(Msf::from_lba(lba), None);
        }

        #[test]
        fn invalid_fields_never_build(m: u8, s: u8, f: u8) {
            let valid = s < 60 && f < 75;
            prop_assert_eq!(Msf::new(m, s, f).is_some(), valid);
        }

        #[test]
        fn order_follows_frames(a in 0u32..=MAX_FRAMES, b in 0u32..=MAX_FRAMES) {
            let (x, y) = (Msf::from_frames(a).unwrap(), Msf::from_frames(b).unwrap());
            prop_assert_eq!(x.cmp(&y), a.cmp(&b));
        }
    }
}
