//! CDBs of the media family (TEST UNIT READY, START STOP UNIT, PREVENT ALLOW
//! MEDIUM REMOVAL, RESERVE/RELEASE, GET EVENT STATUS NOTIFICATION), the
//! checked view of a media-class event answer, and the profile groups the
//! media decisions use.

use super::opcode;

/// TEST UNIT READY: six zero bytes.
pub const TEST_UNIT_READY: [u8; 6] = [opcode::TEST_UNIT_READY, 0, 0, 0, 0, 0];

/// Timeout of TEST UNIT READY, seconds (`CDROM_TEST_UNIT_READY_TIMEOUT`).
pub const TEST_UNIT_READY_TIMEOUT_SECS: u32 = 20;

/// START STOP UNIT with LoEj = 1 (byte 4 bit 1), Immed = 0: `Start` = 1
/// loads (closes the tray), 0 ejects.
pub const fn start_stop_unit(load: bool) -> [u8; 6] {
    [opcode::START_STOP_UNIT, 0, 0, 0, 0x02 | load as u8, 0]
}

/// PREVENT ALLOW MEDIUM REMOVAL, Prevent in byte 4 bit 0.
pub const fn prevent_allow(prevent: bool) -> [u8; 6] {
    [
        opcode::PREVENT_ALLOW_MEDIUM_REMOVAL,
        0,
        0,
        0,
        prevent as u8,
        0,
    ]
}

/// RESERVE(6) / RELEASE(6) of the whole logical unit.
pub const fn reserve_release6(reserve: bool) -> [u8; 6] {
    let op = if reserve {
        opcode::RESERVE6
    } else {
        opcode::RELEASE6
    };
    [op, 0, 0, 0, 0, 0]
}

/// RESERVE(10) / RELEASE(10) of the whole logical unit (the form drives
/// that reject the 6-byte one accept).
pub const fn reserve_release10(reserve: bool) -> [u8; 10] {
    let op = if reserve {
        opcode::RESERVE10
    } else {
        opcode::RELEASE10
    };
    [op, 0, 0, 0, 0, 0, 0, 0, 0, 0]
}

/// Allocation length of the media-class event poll: a 4-byte event header
/// and one 4-byte media event descriptor.
pub const GESN_MEDIA_LEN: usize = 8;

/// Bit of the media class in GESN's Notification Class Request field and in
/// the answer's Supported Event Classes.
pub const GESN_CLASS_MEDIA_MASK: u8 = 0x10;

/// The media class number in the answer's Notification Class field.
pub const GESN_CLASS_MEDIA: u8 = 4;

/// GET EVENT STATUS NOTIFICATION, polled (Immed = 1), media class only,
/// 8-byte allocation: `4A 01 00 00 10 00 00 00 08 00`.
pub const GESN_MEDIA_POLL: [u8; 10] = [
    opcode::GET_EVENT_STATUS_NOTIFICATION,
    0x01,
    0,
    0,
    GESN_CLASS_MEDIA_MASK,
    0,
    0,
    0,
    GESN_MEDIA_LEN as u8,
    0,
];

/// Media event code (MMC-6 table 148). Open: unknown codes fit.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct MediaEvent(pub u8);

impl MediaEvent {
    /// `NoChg`.
    pub const NO_CHANGE: Self = Self(0);
    /// `EjectRequest`: the operator pressed the eject button.
    pub const EJECT_REQUEST: Self = Self(1);
    /// `NewMedia`.
    pub const NEW_MEDIA: Self = Self(2);
    /// `MediaRemoval`.
    pub const MEDIA_REMOVAL: Self = Self(3);
    /// `MediaChanged`: the medium was exchanged without a removal report.
    pub const MEDIA_CHANGED: Self = Self(4);
}

/// What one media-class GESN answer says.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GesnMedia {
    /// The drive does not report the media class (fall back to TEST UNIT
    /// READY).
    Unsupported,
    /// No event is waiting (NEA set, or an answer without a descriptor).
    NoEvent,
    /// A media event descriptor.
    Event {
        /// The event code.
        event: MediaEvent,
        /// Media Status bit 1.
        media_present: bool,
        /// Media Status bit 0.
        tray_open: bool,
    },
}

impl GesnMedia {
    /// Parses the first `answer.len()` bytes the drive returned: header
    /// `[0..2]` event data length BE, `[2]` bit 7 NEA and bits 0-2 class,
    /// `[3]` supported classes; descriptor `[4]` low nibble event code,
    /// `[5]` media status.
    pub fn parse(answer: &[u8]) -> Self {
        let Some(&[len_hi, len_lo, class, supported]) = answer.first_chunk::<4>() else {
            return Self::NoEvent;
        };
        if supported & GESN_CLASS_MEDIA_MASK == 0 {
            return Self::Unsupported;
        }
        let nea = class & 0x80 != 0;
        let data_len = u16::from_be_bytes([len_hi, len_lo]);
        if nea || class & 0x07 != GESN_CLASS_MEDIA || data_len < 4 {
            return Self::NoEvent;
        }
        match answer.get(4..6) {
            Some(&[code, status]) => Self::Event {
                event: MediaEvent(code & 0x0F),
                media_present: status & 0x02 != 0,
                tray_open: status & 0x01 != 0,
            },
            _ => Self::NoEvent,
        }
    }
}

/// True for the profiles of recordable and rewritable media (CD-R/RW,
/// DVD±R/RW/RAM and their dual-layer forms, BD-R/RE, HD DVD-R/RW/RAM):
/// the media the class driver may report as currently mounted read/write.
pub const fn writable_profile(profile: u16) -> bool {
    matches!(
        profile,
        0x0009
            | 0x000A
            | 0x0011..=0x0017
            | 0x001A
            | 0x001B
            | 0x002A
            | 0x002B
            | 0x0041..=0x0043
            | 0x0051..=0x0053
            | 0x0058
            | 0x005A
    )
}

/// True for DVD, HD DVD and BD profiles (0x0010..=0x005F): the drive is
/// at least a DVD reader.
pub const fn dvd_profile(profile: u16) -> bool {
    matches!(profile, 0x0010..=0x005F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdbs_are_the_spec_bytes() {
        assert_eq!(start_stop_unit(false), [0x1B, 0, 0, 0, 0x02, 0]);
        assert_eq!(start_stop_unit(true), [0x1B, 0, 0, 0, 0x03, 0]);
        assert_eq!(prevent_allow(true), [0x1E, 0, 0, 0, 1, 0]);
        assert_eq!(prevent_allow(false), [0x1E, 0, 0, 0, 0, 0]);
        assert_eq!(reserve_release6(true), [0x16, 0, 0, 0, 0, 0]);
        assert_eq!(reserve_release6(false), [0x17, 0, 0, 0, 0, 0]);
        assert_eq!(reserve_release10(true)[0], 0x56);
        assert_eq!(reserve_release10(false)[0], 0x57);
        assert_eq!(GESN_MEDIA_POLL, [0x4A, 1, 0, 0, 0x10, 0, 0, 0, 8, 0]);
    }

    #[test]
    fn gesn_new_media() {
        let a = [0x00, 0x06, 0x04, 0x10, 0x02, 0x02, 0x00, 0x00];
        assert_eq!(
            GesnMedia::parse(&a),
            GesnMedia::Event {
                event: MediaEvent::NEW_MEDIA,
                media_present: true,
                tray_open: false
            }
        );
    }

    #[test]
    fn gesn_nea_is_no_event() {
        assert_eq!(
            GesnMedia::parse(&[0x00, 0x02, 0x84, 0x10]),
            GesnMedia::NoEvent
        );
    }

    #[test]
    fn gesn_without_media_class_is_unsupported() {
        assert_eq!(
            GesnMedia::parse(&[0x00, 0x02, 0x80, 0x00]),
            GesnMedia::Unsupported
        );
    }

    #[test]
    fn gesn_short_answer_is_no_event() {
        assert_eq!(GesnMedia::parse(&[0x00, 0x06]), GesnMedia::NoEvent);
        assert_eq!(
            GesnMedia::parse(&[0x00, 0x06, 0x04, 0x10]),
            GesnMedia::NoEvent
        );
    }

    #[test]
    fn profiles() {
        assert!(writable_profile(0x0009));
        assert!(writable_profile(0x001A));
        assert!(writable_profile(0x0043));
        assert!(!writable_profile(0x0008));
        assert!(!writable_profile(0x0010));
        assert!(!writable_profile(0x0040));
        assert!(dvd_profile(0x0010));
        assert!(!dvd_profile(0x0008));
    }
}
