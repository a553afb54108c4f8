//! Every known way the peers differ from MMC or from the simulated drive,
//! in one place.
//!
//! Each quirk is one [`Quirk`] constant saying which peer shows it, what it
//! does, and how it is handled: translated by the port adapter (what a
//! miniport for that device would do), tolerated by the driver's core as it
//! stands, or documented and pinned by a conformance test that asserts the
//! peer's exact behaviour. docs/PEERS.md carries the same list.

/// Which peer shows a quirk.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Peer {
    /// QEMU's ide-cd over qtest.
    Qemu,
    /// tgt's MMC logical unit over iSCSI.
    Tgt,
}

/// How a quirk is dealt with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Handling {
    /// The port adapter translates it away (like a miniport would).
    PortAdapter,
    /// The driver's core already copes; a test shows the result.
    DriverTolerates,
    /// Not fixable below the IOCTL: a test pins the peer's exact answer.
    Documented,
}

/// One known difference.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Quirk {
    /// Short identifier.
    pub id: &'static str,
    /// The peer.
    pub peer: Peer,
    /// What the peer does.
    pub behaviour: &'static str,
    /// How it is handled.
    pub handling: Handling,
}

/// QEMU takes READ TOC's format from byte 9 bits 7–6 (the old SFF-8020
/// ATAPI field, which Windows' `CDB.READ_TOC.Format` and Linux's ide-cd
/// still write) and ignores the MMC format in byte 2: a byte-2 format 1
/// request gets the full format-0 TOC, format 2 needs byte 9 = 0x80.
///
/// A driver cannot tell such a drive from an MMC one, so [`crate::QemuPort`]
/// copies byte 2's format into byte 9 bits 7–6 when those are zero
/// ([`qemu_toc_format_to_byte_9`]): formats 1 and 2 map to themselves, and
/// the formats the two-bit field cannot name (3 PMA, 4 ATIP, 5 CD-TEXT) to
/// its reserved value 3, which QEMU rejects with 5/24/00 — the right answer
/// of a drive without them, where untranslated it would return the format-0
/// TOC. The same write in the core's READ TOC builder would make every old
/// ATAPI drive answer right (MMC drives ignore the vendor bits of the
/// control byte; Linux's ide-cd wrote only byte 9 for years).
pub const QEMU_TOC_FORMAT_IN_BYTE_9: Quirk = Quirk {
    id: "qemu-toc-format-byte-9",
    peer: Peer::Qemu,
    behaviour: "READ TOC format read from CDB byte 9 bits 7-6, byte 2 ignored",
    handling: Handling::PortAdapter,
};

/// Copies READ TOC's MMC format (byte 2) into the ATAPI format field
/// (byte 9 bits 7–6: 1 and 2 as themselves, 3 and above as the reserved
/// value 3) unless that field is already set. Returns whether the CDB
/// changed. See [`QEMU_TOC_FORMAT_IN_BYTE_9`].
pub fn qemu_toc_format_to_byte_9(cdb: &mut [u8; 12]) -> bool {
    const READ_TOC: u8 = 0x43;
    let format = cdb[2] & 0x0F;
    if cdb[0] != READ_TOC || format == 0 || cdb[9] & 0xC0 != 0 {
        return false;
    }
    cdb[9] |= format.min(3) << 6;
    true
}

/// QEMU cannot finish a data block of an odd byte count: its data register
/// moves whole words and refuses a read past the block's end, so the last
/// byte never leaves and DRQ stays set (seen with GET CONFIGURATION and an
/// allocation length of 11).
///
/// [`crate::QemuPort`] reports word alignment (`alignment_mask` 1, as an
/// ATAPI miniport does), so the driver refuses odd output lengths of the
/// IOCTLs that check alignment before sending anything; should an odd block
/// still come, the port resets the device and reports
/// `SRB_STATUS_PHASE_SEQUENCE_FAILURE`.
pub const QEMU_ODD_BYTE_COUNT: Quirk = Quirk {
    id: "qemu-odd-byte-count",
    peer: Peer::Qemu,
    behaviour: "a data block of odd length never completes",
    handling: Handling::PortAdapter,
};

/// QEMU keeps only a sense key and an ASC: REQUEST SENSE always answers
/// ASCQ 0. Every answer it gives is still mapped right by the driver's
/// ASC/ASCQ table (3A/00, 28/00, 21/00, 24/00, 20/00 do not depend on the
/// ASCQ) except the eject refusal, [`QEMU_EJECT_LOCKED_NOT_READY`].
pub const QEMU_SENSE_WITHOUT_ASCQ: Quirk = Quirk {
    id: "qemu-sense-without-ascq",
    peer: Peer::Qemu,
    behaviour: "REQUEST SENSE fills the ASC but never the ASCQ",
    handling: Handling::DriverTolerates,
};

/// QEMU refuses START STOP UNIT (eject) while removal is prevented with
/// NOT READY 53/00 instead of MMC's ILLEGAL REQUEST 53/02. The driver's
/// sense table tolerates it: START STOP UNIT with ASC 53 is answered
/// `STATUS_INVALID_DEVICE_REQUEST` without retries whatever the key, so
/// EJECT_MEDIA gives the same status as on an MMC drive.
pub const QEMU_EJECT_LOCKED_NOT_READY: Quirk = Quirk {
    id: "qemu-eject-locked-not-ready",
    peer: Peer::Qemu,
    behaviour: "eject while prevented answers 2/53/00 (MMC: 5/53/02)",
    handling: Handling::DriverTolerates,
};

/// QEMU's READ CD with all fields (flag byte 0xF8) returns sync, header and
/// user data but zero-fills the 288 bytes of EDC, intermediate and ECC
/// (bytes 2064..2352) instead of computing them.
pub const QEMU_RAW_EDC_ECC_ZERO: Quirk = Quirk {
    id: "qemu-raw-edc-ecc-zero",
    peer: Peer::Qemu,
    behaviour: "raw Mode 1 sectors carry zeros for EDC/ECC",
    handling: Handling::Documented,
};

/// QEMU's raw sector header carries the address as binary minute, second
/// and frame where ECMA-130 writes BCD (LBA 20 is `00 02 14`, not
/// `00 02 22`); the mode byte is right.
pub const QEMU_RAW_HEADER_BINARY_MSF: Quirk = Quirk {
    id: "qemu-raw-header-binary-msf",
    peer: Peer::Qemu,
    behaviour: "raw sector header MSF in binary, not BCD",
    handling: Handling::Documented,
};

/// QEMU's READ CD knows three flag bytes only: 0x00 (nothing), 0x10 (user
/// data) and 0xF8 (everything), each with any error-field bits; every other
/// selection (CDDA's 0xF0, YellowMode2's 0xB0) is refused with 5/24/00.
/// The expected-sector-type field, the C2 field and the sub-channel
/// selection are ignored, so RAW_READ in XAForm2 mode (0xF8, Mode 2 Form 2
/// expected) returns a Mode 1 disc's raw sectors where an MMC drive refuses
/// them with 5/64/00.
pub const QEMU_READ_CD_FLAGS: Quirk = Quirk {
    id: "qemu-read-cd-flags",
    peer: Peer::Qemu,
    behaviour:
        "READ CD accepts flag bytes 0x00/0x10/0xF8 only; sector type, C2 and sub-channel ignored",
    handling: Handling::Documented,
};

/// After a medium change over QMP, QEMU answers the first command that
/// needs the medium with NOT READY 3A/00 (as if the tray were still open),
/// then UNIT ATTENTION 28/00, then works: CHECK_VERIFY reports
/// `STATUS_NO_MEDIA_IN_DEVICE` once more before the change is counted.
pub const QEMU_CHANGE_NO_MEDIUM_FIRST: Quirk = Quirk {
    id: "qemu-change-no-medium-first",
    peer: Peer::Qemu,
    behaviour: "after a medium change: 2/3A/00 once, then 6/28/00",
    handling: Handling::Documented,
};

/// ADR/CONTROL byte of QEMU's lead-out TOC descriptor.
pub const QEMU_LEADOUT_ADR_CONTROL: u8 = 0x16;

/// QEMU's format-0 TOC gives the lead-out descriptor ADR/CONTROL 0x16
/// (control bit 1, "copy permitted", set) while the data track has 0x14.
pub const QEMU_LEADOUT_CONTROL: Quirk = Quirk {
    id: "qemu-leadout-control",
    peer: Peer::Qemu,
    behaviour: "lead-out TOC descriptor has ADR/CONTROL 0x16, the track 0x14",
    handling: Handling::Documented,
};

/// QEMU's format-1 (session) answer leaves the track descriptor zero: ADR/
/// CONTROL 0 and first track number 0 (MMC: 0x14 and 1); the address (LBA
/// 0) happens to be right.
pub const QEMU_SESSION_DESCRIPTOR_ZERO: Quirk = Quirk {
    id: "qemu-session-descriptor-zero",
    peer: Peer::Qemu,
    behaviour: "READ TOC format 1 track descriptor has ADR/CONTROL 0 and track 0",
    handling: Handling::Documented,
};

/// QEMU's audio-control mode page (0x0E) sets the four port volumes to 0
/// and leaves the port-selection bytes as whatever its buffer held, so
/// GET_VOLUME reads all volumes as 0 (mute).
pub const QEMU_VOLUME_ZERO: Quirk = Quirk {
    id: "qemu-volume-zero",
    peer: Peer::Qemu,
    behaviour: "mode page 0x0E volumes 0, port selections stale",
    handling: Handling::Documented,
};

/// QEMU answers REQUEST SENSE with the last error again (only UNIT
/// ATTENTION is cleared by reading it); tgt, which delivered the sense with
/// the status, answers NO SENSE.
pub const QEMU_SENSE_RETAINED: Quirk = Quirk {
    id: "qemu-sense-retained",
    peer: Peer::Qemu,
    behaviour: "REQUEST SENSE repeats the previous error's sense",
    handling: Handling::Documented,
};

/// Bytes tgt returns for a format-0 TOC of a one-track disc (MMC: 20).
pub const TGT_TOC_LEN: usize = 18;

/// tgt's format-0 READ TOC returns 18 bytes for a one-track disc although
/// its length field announces 20: the last two bytes of the lead-out
/// address are lost. READ_TOC / READ_TOC_EX succeed with Information 18.
pub const TGT_TOC_18_BYTES: Quirk = Quirk {
    id: "tgt-toc-18-bytes",
    peer: Peer::Tgt,
    behaviour: "READ TOC format 0 answer two bytes short (lead-out address truncated)",
    handling: Handling::Documented,
};

/// tgt's MSF lead-out address.
pub const TGT_MSF_LEADOUT: [u8; 3] = [0xFF, 0x3B, 0x4A];

/// tgt answers the MSF form of the TOC with the lead-out hard-coded to
/// FF:3B:4A (of which only the minute survives [`TGT_TOC_18_BYTES`]).
pub const TGT_MSF_LEADOUT_FIXED: Quirk = Quirk {
    id: "tgt-msf-leadout-fixed",
    peer: Peer::Tgt,
    behaviour: "MSF lead-out hard-coded FF:3B:4A",
    handling: Handling::Documented,
};

/// Bytes tgt returns for READ TOC format 1 (MMC: 12).
pub const TGT_SESSION_LEN: usize = 10;

/// tgt's format-1 (session) answer is 10 bytes: the first track's LBA is
/// cut to its two high bytes. GET_LAST_SESSION succeeds (the driver turns
/// the under-run into success) with Information 10.
pub const TGT_SESSION_10_BYTES: Quirk = Quirk {
    id: "tgt-session-10-bytes",
    peer: Peer::Tgt,
    behaviour: "READ TOC format 1 answer is 10 bytes (MMC: 12)",
    handling: Handling::Documented,
};

/// tgt refuses an unsupported TOC format (and bad GET PERFORMANCE fields)
/// with NOT READY 24/00 instead of ILLEGAL REQUEST 24/00. The driver's
/// ASC table maps 24/xx to `STATUS_INVALID_DEVICE_REQUEST` without a retry
/// whatever the key, so nothing is retried and the status is the MMC one.
pub const TGT_BAD_FIELD_NOT_READY: Quirk = Quirk {
    id: "tgt-bad-field-not-ready",
    peer: Peer::Tgt,
    behaviour: "invalid CDB field answered 2/24/00 (MMC: 5/24/00)",
    handling: Handling::DriverTolerates,
};

/// tgt answers a READ past the end with MEDIUM ERROR 11/00 (so the driver
/// says `STATUS_DEVICE_DATA_ERROR` where MMC's 5/21/00 gives
/// `STATUS_NONEXISTENT_SECTOR`), and from then on READ CAPACITY reports a
/// larger disc: its last LBA becomes the LBA of the failed READ (observed
/// for the lead-out LBA and for 0x100000). The backing file is not
/// written; the tgt backend serves a private copy of the image in any case.
pub const TGT_READ_PAST_END: Quirk = Quirk {
    id: "tgt-read-past-end",
    peer: Peer::Tgt,
    behaviour: "READ past the end answers 3/11/00 and READ CAPACITY grows",
    handling: Handling::Documented,
};

/// Profile tgt reports for a CD image.
pub const TGT_PROFILE: u16 = 0x0010;

/// tgt's GET CONFIGURATION reports the DVD-ROM profile (0x0010) as current
/// for a CD image (QEMU: CD-ROM 0x0008).
pub const TGT_DVD_PROFILE: Quirk = Quirk {
    id: "tgt-dvd-profile",
    peer: Peer::Tgt,
    behaviour: "current profile DVD-ROM (0x0010) for a CD image",
    handling: Handling::Documented,
};

/// tgt's GET CONFIGURATION answer fills the whole allocation length with
/// zeros after the features instead of stopping at Data Length + 4, so
/// GET_CONFIGURATION's Information is the caller's buffer length.
pub const TGT_GET_CONFIGURATION_PADDED: Quirk = Quirk {
    id: "tgt-get-configuration-padded",
    peer: Peer::Tgt,
    behaviour: "GET CONFIGURATION transfers the full allocation length, zero padded",
    handling: Handling::Documented,
};

/// tgt takes the medium out and back (`online=0/1`) without a UNIT
/// ATTENTION: after `online=1` TEST UNIT READY is GOOD at once, so the
/// driver's media-change counter does not move.
pub const TGT_NO_MEDIA_CHANGE_ATTENTION: Quirk = Quirk {
    id: "tgt-no-media-change-attention",
    peer: Peer::Tgt,
    behaviour: "no UNIT ATTENTION 28/00 after the medium comes back",
    handling: Handling::Documented,
};

/// Neither peer implements CD audio (PLAY AUDIO MSF, PAUSE/RESUME, STOP
/// PLAY/SCAN, READ SUB-CHANNEL: 5/20/00) or CD-TEXT (READ TOC format 5);
/// QEMU offers no C2 pointers or raw P–W (page 0x2A), and tgt lacks READ
/// CD, GET EVENT STATUS NOTIFICATION, SEEK and mode page 0x0E. The IOCTLs
/// that need them end in `STATUS_INVALID_DEVICE_REQUEST` through the
/// ordinary sense path (or the driver's capability gate), where the
/// simulated drive answers.
pub const UNSUPPORTED_COMMANDS: Quirk = Quirk {
    id: "unsupported-commands",
    peer: Peer::Tgt,
    behaviour:
        "audio commands (both peers), READ CD / GESN / page 0x0E (tgt) answer 5/20/00 or 5/24/00",
    handling: Handling::Documented,
};

/// Every quirk, in the order above.
pub const ALL: &[Quirk] = &[
    QEMU_TOC_FORMAT_IN_BYTE_9,
    QEMU_ODD_BYTE_COUNT,
    QEMU_SENSE_WITHOUT_ASCQ,
    QEMU_EJECT_LOCKED_NOT_READY,
    QEMU_RAW_EDC_ECC_ZERO,
    QEMU_RAW_HEADER_BINARY_MSF,
    QEMU_READ_CD_FLAGS,
    QEMU_CHANGE_NO_MEDIUM_FIRST,
    QEMU_LEADOUT_CONTROL,
    QEMU_SESSION_DESCRIPTOR_ZERO,
    QEMU_VOLUME_ZERO,
    QEMU_SENSE_RETAINED,
    TGT_TOC_18_BYTES,
    TGT_MSF_LEADOUT_FIXED,
    TGT_SESSION_10_BYTES,
    TGT_BAD_FIELD_NOT_READY,
    TGT_READ_PAST_END,
    TGT_DVD_PROFILE,
    TGT_GET_CONFIGURATION_PADDED,
    TGT_NO_MEDIA_CHANGE_ATTENTION,
    UNSUPPORTED_COMMANDS,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_list_every_quirk() {
        let doc = include_str!("../../../docs/PEERS.md");
        for q in ALL {
            assert!(doc.contains(&format!("`{}`", q.id)), "{} missing", q.id);
        }
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<_> = ALL.iter().map(|q| q.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
    }

    #[test]
    fn toc_format_goes_to_byte_9() {
        let mut cdb = [0x43, 0, 1, 0, 0, 0, 0, 0, 12, 0, 0, 0];
        assert!(qemu_toc_format_to_byte_9(&mut cdb));
        assert_eq!(cdb, [0x43, 0, 1, 0, 0, 0, 0, 0, 12, 0x40, 0, 0]);
        let mut cdb = [0x43, 2, 2, 0, 0, 0, 1, 0xFF, 0xFF, 0, 0, 0];
        assert!(qemu_toc_format_to_byte_9(&mut cdb));
        assert_eq!(cdb[9], 0x80);
        for format in 3..=5 {
            let mut cdb = [0x43, 0, format, 0, 0, 0, 0, 0xFF, 0xFE, 0, 0, 0];
            assert!(qemu_toc_format_to_byte_9(&mut cdb));
            assert_eq!(cdb[9], 0xC0, "format {format}");
        }
    }

    #[test]
    fn other_cdbs_are_left_alone() {
        for cdb in [
            [0x43, 2, 0, 0, 0, 0, 0, 3, 0x24, 0, 0, 0],
            [0x43, 0, 1, 0, 0, 0, 0, 0, 12, 0x40, 0, 0],
            [0x28, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0],
        ] {
            let mut c = cdb;
            assert!(!qemu_toc_format_to_byte_9(&mut c));
            assert_eq!(c, cdb);
        }
    }
}
