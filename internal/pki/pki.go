// Package pki issues the X.509 material the project needs locally: the emulator's CA, server
// and client certificates (`appsintoss-emulator certs`), and the per-test certificates that keep
// every test hermetic. It is not used on the provider's request path: the provider only loads
// certificates that the Apps in Toss console issued.
package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// KeyType selects the private key algorithm of an issued certificate.
type KeyType int

const (
	// ECDSAP256 is fast to generate and the default for local material.
	ECDSAP256 KeyType = iota
	// RSA2048 matches what the Apps in Toss console hands out (its samples parse RSA PKCS#8 keys).
	RSA2048
)

// Authority is a certificate authority that signs server and client certificates.
type Authority struct {
	Cert    *x509.Certificate
	CertPEM []byte
	KeyPEM  []byte
	key     crypto.Signer
}

// Options describe one certificate to issue. Zero times mean "valid from an hour ago for a year".
type Options struct {
	CommonName   string
	Organization string
	DNSNames     []string
	IPAddresses  []net.IP
	NotBefore    time.Time
	NotAfter     time.Time
	Server       bool // adds the serverAuth extended key usage
	Client       bool // adds the clientAuth extended key usage
	KeyType      KeyType
}

// Issued is a signed certificate with its private key, both PEM encoded (the key as PKCS#8
// "PRIVATE KEY", the form the console issues).
type Issued struct {
	Cert    *x509.Certificate
	CertPEM []byte
	KeyPEM  []byte
}

// NewAuthority creates a self-signed CA valid for ten years.
func NewAuthority(commonName string) (*Authority, error) {
	key, keyPEM, err := newKey(ECDSAP256)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          newSerial(),
		Subject:               pkix.Name{CommonName: commonName, Organization: []string{"appsintoss emulator"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("self-signing CA %q: %w", commonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Authority{Cert: cert, CertPEM: encodeCert(der), KeyPEM: keyPEM, key: key}, nil
}

// LoadAuthority restores an Authority from PEM written earlier by NewAuthority.
func LoadAuthority(certPEM, keyPEM []byte) (*Authority, error) {
	certBlock, _ := pem.Decode(certPEM)
	if certBlock == nil {
		return nil, fmt.Errorf("CA certificate: no PEM block")
	}
	cert, err := x509.ParseCertificate(certBlock.Bytes)
	if err != nil {
		return nil, fmt.Errorf("CA certificate: %w", err)
	}
	keyBlock, _ := pem.Decode(keyPEM)
	if keyBlock == nil {
		return nil, fmt.Errorf("CA key: no PEM block")
	}
	parsed, err := x509.ParsePKCS8PrivateKey(keyBlock.Bytes)
	if err != nil {
		return nil, fmt.Errorf("CA key: %w", err)
	}
	signer, ok := parsed.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("CA key: %T cannot sign", parsed)
	}
	return &Authority{Cert: cert, CertPEM: certPEM, KeyPEM: keyPEM, key: signer}, nil
}

// Issue signs a new leaf certificate with a fresh key.
func (a *Authority) Issue(opts Options) (*Issued, error) {
	key, keyPEM, err := newKey(opts.KeyType)
	if err != nil {
		return nil, err
	}
	notBefore, notAfter := opts.NotBefore, opts.NotAfter
	if notBefore.IsZero() {
		notBefore = time.Now().Add(-time.Hour)
	}
	if notAfter.IsZero() {
		notAfter = notBefore.AddDate(1, 0, 0)
	}
	subject := pkix.Name{CommonName: opts.CommonName}
	if opts.Organization != "" {
		subject.Organization = []string{opts.Organization}
	}
	tmpl := &x509.Certificate{
		SerialNumber: newSerial(),
		Subject:      subject,
		DNSNames:     opts.DNSNames,
		IPAddresses:  opts.IPAddresses,
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	}
	if opts.Server {
		tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, x509.ExtKeyUsageServerAuth)
	}
	if opts.Client {
		tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, x509.ExtKeyUsageClientAuth)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.Cert, key.Public(), a.key)
	if err != nil {
		return nil, fmt.Errorf("signing certificate %q: %w", opts.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Issued{Cert: cert, CertPEM: encodeCert(der), KeyPEM: keyPEM}, nil
}

// IssueServer signs a server certificate for the loopback names the emulator listens on.
func (a *Authority) IssueServer() (*Issued, error) {
	return a.Issue(Options{
		CommonName:  "localhost",
		DNSNames:    []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		Server:      true,
	})
}

// IssueClient signs a client certificate whose CN is the mini-app name, as the console does.
func (a *Authority) IssueClient(appName string) (*Issued, error) {
	return a.Issue(Options{CommonName: appName, Organization: "Apps in Toss partner", Client: true})
}

func newKey(kind KeyType) (crypto.Signer, []byte, error) {
	var (
		key crypto.Signer
		err error
	)
	switch kind {
	case RSA2048:
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	default:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("generating key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("encoding key: %w", err)
	}
	return key, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func newSerial() *big.Int {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		// crypto/rand does not fail on supported platforms; a constant keeps the signature simple.
		return big.NewInt(time.Now().UnixNano())
	}
	return serial
}

func encodeCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
