//! READ SUB-CHANNEL answers: the header view and the three answer
//! structures (current position, media catalogue number, track ISRC) over
//! any bytes and any received length.
#![no_main]

use cdfilter_core::abi::audio::{
    SubQCurrentPosition, SubQHeader, SubQMediaCatalogNumber, SubQTrackIsrc,
};
use cdfilter_core::scsi::audio::SubChannelAnswer;
use libfuzzer_sys::fuzz_target;
use zerocopy::FromBytes;

fuzz_target!(|data: &[u8]| {
    let Some((&cut, rest)) = data.split_first() else {
        return;
    };
    let received = &rest[..usize::from(cut).min(rest.len())];
    match SubChannelAnswer::new_checked(received) {
        Some(a) => {
            assert!(received.len() >= size_of::<SubQHeader>());
            let h = a.header();
            let _ = (a.status(), h.status(), h.data_len(), a.bytes().len());
        }
        None => assert!(received.len() < size_of::<SubQHeader>()),
    }
    if let Ok((p, _)) = SubQCurrentPosition::read_from_prefix(received) {
        let _ = (p.control(), p.adr(), p.header.status());
    }
    if let Ok((m, _)) = SubQMediaCatalogNumber::read_from_prefix(received) {
        let _ = m.is_valid();
    }
    if let Ok((i, _)) = SubQTrackIsrc::read_from_prefix(received) {
        let _ = i.is_valid();
    }
});
