//! TLS served directly (`serve --tls-cert FILE --tls-key FILE`), with rustls:
//! for a newsroom without a reverse proxy in front of Fouille.

use std::path::Path;

use anyhow::{Context, bail};
use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// Reads a PEM certificate chain (the server's certificate first) and its
/// PEM private key (PKCS#8, PKCS#1 or SEC1), and checks that they match.
pub fn load(cert: &Path, key: &Path) -> anyhow::Result<ServerConfig> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| format!("cannot read certificates from {}", cert.display()))?;
    if chain.is_empty() {
        bail!("{}: no PEM certificate in it", cert.display());
    }
    let key = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("cannot read a private key from {}", key.display()))?;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("tls set-up")?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the certificate and the private key do not go together")?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}
