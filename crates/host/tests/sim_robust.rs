//! Any CDB, any buffer: the drive never panics, never reports more bytes
//! than the buffer holds, and every CHECK CONDITION carries fixed-format
//! sense that REQUEST SENSE repeats.

mod sim_support;

use cdfilter_core::port::{Cdb, Command, DataPhase, Port, SrbStatus};
use proptest::prelude::*;
use sim_support::*;

/// Opcodes the drive implements, plus a few it does not.
const OPCODES: [u8; 40] = [
    0x00, 0x03, 0x12, 0x16, 0x17, 0x1A, 0x1B, 0x1E, 0x25, 0x28, 0x2B, 0x35, 0x42, 0x43, 0x45, 0x46,
    0x47, 0x4A, 0x4B, 0x4E, 0x51, 0x52, 0x54, 0x55, 0x56, 0x57, 0x5A, 0xA5, 0xA8, 0xAC, 0xB6, 0xB9,
    0xBB, 0xBD, 0xBE, 0x08, 0x2A, 0xAD, 0xD8, 0xFF,
];

proptest! {
    #[test]
    fn arbitrary_commands_are_answered_within_the_buffer(
        op in prop::sample::select(&OPCODES[..]),
        rest in prop::array::uniform11(any::<u8>()),
        len in 0usize..6000,
        out in prop::bool::ANY,
        writer in prop::bool::ANY,
    ) {
        let mut bytes = [0u8; 12];
        bytes[0] = op;
        bytes[1..].copy_from_slice(&rest);
        let config = cdfilter_host::sim::SimConfig {
            profile: if writer {
                cdfilter_host::sim::Profile::CdRw
            } else {
                cdfilter_host::sim::Profile::CdRom
            },
            ..Default::default()
        };
        let mut d = drive_with(config, every_kind());
        let mut buf = vec![0u8; len];

        let r = d.execute(Command {
            cdb: Cdb::twelve(bytes),
            data: if out { DataPhase::Out(&buf) } else { DataPhase::In(&mut buf) },
            timeout_secs: 10,
        });

        prop_assert!(r.transferred as usize <= len);
        if r.srb_status == SrbStatus::ERROR {
            prop_assert_eq!(r.sense[0], 0x70);
            prop_assert_eq!(r.sense[7], 10);
            let again = answer(&mut d, &[0x03, 0, 0, 0, 18, 0], 18);
            prop_assert_eq!(&again[..], &r.sense[..18]);
        }
    }
}
