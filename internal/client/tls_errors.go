package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
)

// TLSError is a failure to establish a trusted mTLS connection. It is never retried: sending the
// same handshake again cannot fix a certificate.
type TLSError struct {
	Host   string
	Reason string
	Advice string
	Err    error
}

func (e *TLSError) Error() string {
	return fmt.Sprintf("TLS connection to %s failed: %s. %s", e.Host, e.Reason, e.Advice)
}

func (e *TLSError) Unwrap() error { return e.Err }

// clientCertificateAlerts are the TLS alerts a server sends when it refuses the client
// certificate (RFC 8446 §6.2), as crypto/tls names them.
var clientCertificateAlerts = []string{
	"bad certificate", "unsupported certificate", "revoked certificate", "expired certificate",
	"unknown certificate", "unknown certificate authority", "certificate required", "access denied",
}

func isClientCertificateRejected(err error) bool {
	var opErr *net.OpError
	if !errors.As(err, &opErr) || opErr.Op != "remote error" {
		return false
	}
	msg := opErr.Err.Error()
	for _, alert := range clientCertificateAlerts {
		if strings.HasSuffix(msg, alert) {
			return true
		}
	}
	return false
}

// asTLSError recognises handshake failures and explains them; nil means err is not one.
func asTLSError(err error, host string) *TLSError {
	var (
		hostErr      x509.HostnameError
		unknownCA    x509.UnknownAuthorityError
		invalid      x509.CertificateInvalidError
		verification *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &hostErr):
		return &TLSError{Host: host, Err: err,
			Reason: fmt.Sprintf("the server certificate is not valid for the host name %q (%v)", host, hostErr),
			Advice: "Check endpoint / pay_endpoint: the host name must be one the server certificate names."}
	case errors.As(err, &unknownCA):
		return &TLSError{Host: host, Err: err,
			Reason: "the server certificate is signed by an authority that is not trusted",
			Advice: "For the real service the system roots suffice; for the emulator or a private gateway set ca_certificate_file to its CA."}
	case errors.As(err, &invalid):
		return &TLSError{Host: host, Err: err, Reason: "the server certificate is invalid (" + invalid.Error() + ")",
			Advice: "Check the server's certificate and the machine's clock."}
	case errors.As(err, &verification):
		return &TLSError{Host: host, Err: err, Reason: "the server certificate could not be verified (" + verification.Err.Error() + ")",
			Advice: "Check endpoint and ca_certificate."}
	case isClientCertificateRejected(err):
		return &TLSError{Host: host, Err: err,
			Reason: "the server rejected every configured client certificate",
			Advice: "Check that the certificate was issued for this mini-app in the Apps in Toss console and is still registered there (mTLS 인증서)."}
	case strings.Contains(err.Error(), "protocol version") || strings.Contains(err.Error(), "unsupported protocol"):
		return &TLSError{Host: host, Err: err,
			Reason: "the server does not offer TLS 1.2 or newer",
			Advice: "The provider requires TLS 1.2 at least; check that endpoint points at Apps in Toss."}
	case strings.Contains(err.Error(), "tls: "):
		return &TLSError{Host: host, Err: err, Reason: "the TLS handshake failed (" + err.Error() + ")",
			Advice: "Check endpoint, ca_certificate and the client certificate."}
	}
	return nil
}
