//! 7z archives, block by block.

use std::io::{self, Cursor};

use super::{Admission, Members, member_name};
use crate::{ExtractError, Extraction, Limits};

/// Memory that the 7z decoder may use for its dictionaries and headers.
const SEVEN_Z_MEMORY_KB: usize = 256 * 1024;

/// The members of a 7z archive, within the limits.
pub(super) fn read_7z(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    use sevenz_rust2::{Archive, Error, Password};

    let is_password_error =
        |error: &Error| matches!(error, Error::PasswordRequired | Error::MaybeBadPassword(_));
    let mut members = Members::new(limits, bytes.len() as u64);
    let mut source = Cursor::new(bytes);
    let password = Password::empty();
    let archive = match Archive::read_with_memory_limit(&mut source, &password, SEVEN_Z_MEMORY_KB) {
        Ok(archive) => archive,
        // Encrypted headers: not even the names can be read.
        Err(error) if is_password_error(&error) => {
            return Ok(Extraction {
                encrypted: true,
                ..Extraction::default()
            });
        }
        Err(error) => return Err(ExtractError::corrupt("7z", error)),
    };
    // Block by block rather than through `ArchiveReader`, so that an
    // encrypted or damaged block does not end the reading of the others.
    let mut damage = None;
    for block_index in 0..archive.blocks.len() {
        if members.stopped() {
            members.rest_not_read();
            break;
        }
        if let Err(error) = read_block(&archive, block_index, &mut source, &mut members) {
            damage = Some(error);
        }
    }
    read_empty_files(&archive, &mut members);
    if let Some(damage) = damage {
        if members.extraction.entries.is_empty() && !members.extraction.encrypted {
            return Err(ExtractError::corrupt("7z", damage));
        }
        members.damaged(&damage);
    }
    Ok(members.finish())
}

/// Reads the members of one block; an error is damage to the archive.
fn read_block(
    archive: &sevenz_rust2::Archive,
    block_index: usize,
    source: &mut Cursor<&[u8]>,
    members: &mut Members<'_>,
) -> Result<(), String> {
    use sevenz_rust2::{BlockDecoder, EncoderMethod, Error, Password};

    let password = Password::empty();
    let decoder = BlockDecoder::new_with_memory_limit(
        1,
        SEVEN_Z_MEMORY_KB,
        block_index,
        archive,
        &password,
        source,
    );
    let encrypted = archive.blocks[block_index]
        .coders
        .iter()
        .any(|coder| coder.encoder_method_id() == EncoderMethod::ID_AES256_SHA256);
    if encrypted {
        for entry in decoder.entries() {
            if !entry.is_directory() {
                members.seen += 1;
                members.skip(&member_name(entry.name()), "encrypted");
            }
        }
        members.extraction.encrypted = true;
        return Ok(());
    }
    // Members of the block still to come: skipping the last ones costs
    // nothing, skipping one before others means decoding it anyway.
    let mut to_come = decoder
        .entries()
        .iter()
        .filter(|entry| entry.has_stream())
        .count();
    let result = decoder.for_each_entries(&mut |entry, data| {
        if entry.is_directory() {
            return Ok(true);
        }
        if entry.has_stream() {
            to_come = to_come.saturating_sub(1);
        }
        let name = member_name(entry.name());
        let declared = entry.size();
        match members.admit(&name, Some(declared), None) {
            Admission::Read(limit) => members.read(&name, data, limit),
            Admission::Skip if to_come == 0 => return Ok(false),
            Admission::Skip => members.count_unpacked(declared),
        }
        Ok(!members.stopped())
    });
    match result {
        Ok(_) => Ok(()),
        Err(Error::PasswordRequired | Error::MaybeBadPassword(_)) => {
            members.extraction.encrypted = true;
            Ok(())
        }
        Err(error) => Err(error.to_string()),
    }
}

/// Empty files, which belong to no block.
fn read_empty_files(archive: &sevenz_rust2::Archive, members: &mut Members<'_>) {
    for (index, file) in archive.files.iter().enumerate() {
        let in_block = archive
            .stream_map
            .file_block_index
            .get(index)
            .copied()
            .flatten();
        if in_block.is_some() || file.is_directory() || file.is_anti_item() {
            continue;
        }
        let name = member_name(file.name());
        if let Admission::Read(limit) = members.admit(&name, Some(0), None) {
            members.read(&name, &mut io::empty(), limit);
        }
    }
}
