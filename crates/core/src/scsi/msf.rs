//! MSF (minute/second/frame) ↔ LBA, in one place.
//!
//! IOCTL MSF values are binary (never BCD); LBA 0 is MSF 00:02:00.

/// Frames per second.
pub const FRAMES_PER_SECOND: u32 = 75;
/// Seconds per minute.
pub const SECONDS_PER_MINUTE: u32 = 60;
/// Frames of the lead-in offset (2 seconds).
pub const LBA_OFFSET: u32 = 150;

/// An MSF address with fields in binary.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, PartialOrd, Ord)]
pub struct Msf {
    /// Minutes.
    pub m: u8,
    /// Seconds, 0..60.
    pub s: u8,
    /// Frames, 0..75.
    pub f: u8,
}

impl Msf {
    /// Builds an MSF; `None` if S ≥ 60 or F ≥ 75.
    pub const fn new(m: u8, s: u8, f: u8) -> Option<Self> {
        if s as u32 >= SECONDS_PER_MINUTE || f as u32 >= FRAMES_PER_SECOND {
            None
        } else {
            Some(Self { m, s, f })
        }
    }

    /// Absolute frame count (M·4500 + S·75 + F).
    pub const fn frames(self) -> u32 {
        self.m as u32 * SECONDS_PER_MINUTE * FRAMES_PER_SECOND
            + self.s as u32 * FRAMES_PER_SECOND
            + self.f as u32
    }

    /// The LBA (frames − 150); `None` before 00:02:00.
    pub const fn to_lba(self) -> Option<u32> {
        self.frames().checked_sub(LBA_OFFSET)
    }

    /// The MSF of an absolute frame count; `None` past 255:59:74.
    pub const fn from_frames(frames: u32) -> Option<Self> {
        let m = frames / (SECONDS_PER_MINUTE * FRAMES_PER_SECOND);
        if m > 255 {
            return None;
        }
        let rem = frames % (SECONDS_PER_MINUTE * FRAMES_PER_SECOND);
        Some(Self {
            m: m as u8,
            s: (rem / FRAMES_PER_SECOND) as u8,
            f: (rem % FRAMES_PER_SECOND) as u8,
        })
    }

    /// The MSF of an LBA (LBA + 150 frames).
    pub const fn from_lba(lba: u32) -> Option<Self> {
        match lba.checked_add(LBA_OFFSET) {
            Some(frames) => Self::from_frames(frames),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fixed_points() {
        assert_eq!(Msf::new(0, 2, 0).and_then(Msf::to_lba), Some(0));
        assert_eq!(Msf::new(0, 2, 16).and_then(Msf::to_lba), Some(16));
        assert_eq!(Msf::new(0, 0, 0).and_then(Msf::to_lba), None);
        assert_eq!(Msf::new(0, 60, 0), None);
        assert_eq!(Msf::new(0, 0, 75), None);
        assert_eq!(Msf::from_lba(0), Msf::new(0, 2, 0));
    }

    proptest! {
        #[test]
        fn round_trip(m in 0u8..=255, s in 0u8..60, f in 0u8..75) {
            let msf = Msf::new(m, s, f).unwrap();
            prop_assert_eq!(Msf::from_frames(msf.frames()), Some(msf));
            if let Some(lba) = msf.to_lba() {
                prop_assert_eq!(Msf::from_lba(lba), Some(msf));
            }
        }
    }
}
