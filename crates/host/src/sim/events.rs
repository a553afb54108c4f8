//! GET EVENT STATUS NOTIFICATION, polled (Immed) only: the operational
//! change class (never an event; reports the persistent-prevent state) and
//! the media class (eject request, new media, media removal).

use super::media::Media;
use super::wire::{answer, be16, byte, Outcome};
use super::Sense;

/// Notification class 1: operational change.
const CLASS_OPERATIONAL: u8 = 1;
/// Notification class 4: media.
const CLASS_MEDIA: u8 = 4;
/// Supported-classes bit mask (byte 3 of the header).
const SUPPORTED: u8 = 1 << CLASS_OPERATIONAL | 1 << CLASS_MEDIA;

/// GET EVENT STATUS NOTIFICATION.
pub(super) fn get_event_status(media: &mut Media, cdb: &[u8], buf: &mut [u8]) -> Outcome {
    if byte(cdb, 1) & 0x01 == 0 {
        // Asynchronous notification is not supported.
        return Err(Sense::INVALID_FIELD_IN_CDB);
    }
    let request = byte(cdb, 4) & SUPPORTED;
    let alloc = usize::from(be16(cdb, 7));
    let class = if request & 1 << CLASS_MEDIA != 0 && !media.events.is_empty() {
        Some(CLASS_MEDIA)
    } else if request & 1 << CLASS_OPERATIONAL != 0 {
        Some(CLASS_OPERATIONAL)
    } else if request & 1 << CLASS_MEDIA != 0 {
        Some(CLASS_MEDIA)
    } else {
        None
    };
    let v = match class {
        // No supported class requested: NEA, header only.
        None => vec![0, 2, 0x80, SUPPORTED],
        Some(CLASS_OPERATIONAL) => {
            let persistent = if media.persistent_prevent { 0x80 } else { 0 };
            vec![0, 6, CLASS_OPERATIONAL, SUPPORTED, 0, persistent, 0, 0]
        }
        Some(_) => {
            let event = media
                .events
                .pop_front()
                .map_or(0, super::media::MediaEvent::code);
            let status = u8::from(media.tray_open) | u8::from(media.present()) << 1;
            vec![0, 6, CLASS_MEDIA, SUPPORTED, event, status, 0, 0]
        }
    };
    Ok(answer(buf, &v, alloc))
}
