package client

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Certificate is one console-issued client certificate with its private key, parsed and checked.
// Label says where it came from in the configuration (for example "client_certificate" or
// "additional_client_certificates[0]") so that every message can point at it.
type Certificate struct {
	Label   string
	Leaf    *x509.Certificate
	keyPair tls.Certificate
}

// CertificateError explains why a certificate or key could not be used. Its message never
// contains key material: only what is wrong and what to do about it.
type CertificateError struct {
	Label  string // where the pair came from in the configuration
	Part   string // "certificate" or "key"
	Reason string
}

func (e *CertificateError) Error() string {
	return fmt.Sprintf("The %s of %s cannot be used: %s", e.Part, e.Label, e.Reason)
}

// ParseCertificate parses a PEM certificate and its PEM private key and checks that they belong
// together. Encrypted keys are refused: the console issues plain PKCS#8 keys, and a passphrase
// would have to live next to the key anyway.
func ParseCertificate(label string, certPEM, keyPEM []byte) (*Certificate, error) {
	leaf, err := parseLeaf(certPEM)
	if err != nil {
		return nil, &CertificateError{Label: label, Part: "certificate", Reason: err.Error()}
	}
	if err := checkKeyPEM(keyPEM); err != nil {
		return nil, &CertificateError{Label: label, Part: "key", Reason: err.Error()}
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		if strings.Contains(err.Error(), "does not match") {
			return nil, &CertificateError{Label: label, Part: "key", Reason: fmt.Sprintf(
				"the private key does not match the certificate (%s, serial %s). Use the key file that the "+
					"console issued together with this certificate.", leaf.Subject, serialHex(leaf))}
		}
		return nil, &CertificateError{Label: label, Part: "key", Reason: "the private key could not be parsed " +
			"(expected PKCS#8 \"PRIVATE KEY\", PKCS#1 \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\" PEM)."}
	}
	pair.Leaf = leaf
	return &Certificate{Label: label, Leaf: leaf, keyPair: pair}, nil
}

func parseLeaf(certPEM []byte) (*x509.Certificate, error) {
	rest := certPEM
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, errors.New("no PEM certificate found: expected a block that starts with " +
				"\"-----BEGIN CERTIFICATE-----\" (the public .crt file the console issued)")
		}
		if strings.Contains(block.Type, "PRIVATE KEY") {
			return nil, errors.New("found a private key where the certificate was expected: " +
				"the certificate and key values look swapped")
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		leaf, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("the PEM block is not a valid X.509 certificate: %w", err)
		}
		return leaf, nil
	}
}

func checkKeyPEM(keyPEM []byte) error {
	block, _ := pem.Decode(keyPEM)
	switch {
	case block == nil:
		return errors.New("no PEM private key found: expected a block that starts with " +
			"\"-----BEGIN PRIVATE KEY-----\" (the private .key file the console issued)")
	case block.Type == "CERTIFICATE":
		return errors.New("found a certificate where the private key was expected: " +
			"the certificate and key values look swapped")
	case block.Type == "ENCRYPTED PRIVATE KEY" || block.Headers["Proc-Type"] == "4,ENCRYPTED":
		return errors.New("the private key is encrypted, which is not supported. Decrypt it once " +
			"(for example `openssl pkcs8 -in key.pem -out plain-key.pem`) and keep the plain key in a secret store")
	case !strings.Contains(block.Type, "PRIVATE KEY"):
		return fmt.Errorf("expected a private key PEM block, found %q", block.Type)
	}
	return nil
}

// ValidAt reports whether the certificate is inside its validity period at t.
func (c *Certificate) ValidAt(t time.Time) bool {
	return !t.Before(c.Leaf.NotBefore) && !t.After(c.Leaf.NotAfter)
}

// Info describes the certificate for people: for the client_certificate data source, warnings
// and errors. None of it is secret.
func (c *Certificate) Info(now time.Time) CertificateInfo {
	sum := sha256.Sum256(c.Leaf.Raw)
	return CertificateInfo{
		Label:             c.Label,
		CommonName:        c.Leaf.Subject.CommonName,
		Subject:           c.Leaf.Subject.String(),
		SerialNumber:      serialHex(c.Leaf),
		NotBefore:         c.Leaf.NotBefore.UTC(),
		NotAfter:          c.Leaf.NotAfter.UTC(),
		DaysRemaining:     int64(c.Leaf.NotAfter.Sub(now).Hours() / 24),
		SHA256Fingerprint: hex.EncodeToString(sum[:]),
		CurrentlyValid:    c.ValidAt(now),
	}
}

// CertificateInfo is the public description of one configured certificate.
type CertificateInfo struct {
	Label             string
	CommonName        string
	Subject           string
	SerialNumber      string
	NotBefore         time.Time
	NotAfter          time.Time
	DaysRemaining     int64
	SHA256Fingerprint string
	CurrentlyValid    bool
}

func serialHex(c *x509.Certificate) string {
	return strings.ToUpper(hex.EncodeToString(c.SerialNumber.Bytes()))
}

// RotationOrder returns the certificates to present, best first: only those valid at now,
// the one with the latest NotAfter first (the newest pair the console issued). An empty result
// means no configured certificate can be used, which NoValidCertificateError explains.
func RotationOrder(certs []*Certificate, now time.Time) []*Certificate {
	var valid []*Certificate
	for _, c := range certs {
		if c.ValidAt(now) {
			valid = append(valid, c)
		}
	}
	slices.SortStableFunc(valid, func(a, b *Certificate) int {
		return b.Leaf.NotAfter.Compare(a.Leaf.NotAfter)
	})
	return valid
}

// NoValidCertificateError lists why each configured certificate cannot be used now.
func NoValidCertificateError(certs []*Certificate, now time.Time) error {
	var lines []string
	for _, c := range certs {
		switch {
		case now.Before(c.Leaf.NotBefore):
			lines = append(lines, fmt.Sprintf("- %s (%s) is not valid yet: valid from %s",
				c.Label, c.Leaf.Subject, c.Leaf.NotBefore.UTC().Format(time.RFC3339)))
		case now.After(c.Leaf.NotAfter):
			lines = append(lines, fmt.Sprintf("- %s (%s) expired on %s",
				c.Label, c.Leaf.Subject, c.Leaf.NotAfter.UTC().Format(time.RFC3339)))
		}
	}
	return fmt.Errorf("no configured client certificate is currently valid:\n%s\nIssue a new certificate "+
		"in the Apps in Toss console (mTLS 인증서 → 발급받기) and configure it, keeping the old one in "+
		"additional_client_certificates until the new one is live", strings.Join(lines, "\n"))
}

// CheckOneMiniApp makes sure every configured certificate belongs to the same mini-app as the
// first (the primary pair). The server knows the app by the certificate's CN, so a pair of
// another app — even one signed by the same CA — would silently turn every read into a 404 once
// it became the active pair, and the plan would want to create everything again.
func CheckOneMiniApp(certs []*Certificate) error {
	if len(certs) == 0 {
		return nil
	}
	primary := certs[0]
	for _, other := range certs[1:] {
		if other.Leaf.Subject.CommonName != primary.Leaf.Subject.CommonName {
			return &MiniAppMismatchError{Primary: primary, Other: other}
		}
	}
	return nil
}

// MiniAppMismatchError is a configured certificate whose CN (the mini-app) differs from the
// primary pair's.
type MiniAppMismatchError struct {
	Primary *Certificate
	Other   *Certificate
}

func (e *MiniAppMismatchError) Error() string {
	return fmt.Sprintf("%s is a certificate of mini-app %q (CN), but %s belongs to mini-app %q. One provider block "+
		"is one mini-app: every certificate in it must carry the same CN, since Apps in Toss knows the app by it. "+
		"To manage another mini-app, give it a provider block of its own with an alias "+
		"(provider \"appsintoss\" { alias = \"other\" ... }) and set `provider = appsintoss.other` on its resources.",
		e.Other.Label, e.Other.Leaf.Subject.CommonName, e.Primary.Label, e.Primary.Leaf.Subject.CommonName)
}
