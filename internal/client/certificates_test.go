package client

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/pki"
)

func TestParseCertificateExplainsEachProblemWithoutEchoingKeys(t *testing.T) {
	ca, _ := pki.NewAuthority("ca")
	good, _ := ca.IssueClient("demo-app")
	other, _ := ca.IssueClient("demo-app")
	rsaPair, _ := ca.Issue(pki.Options{CommonName: "demo-app", Client: true, KeyType: pki.RSA2048})
	block, _ := pem.Decode(good.KeyPEM)
	//nolint:staticcheck // building an encrypted legacy PEM on purpose, to prove it is refused
	encrypted := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-256-CBC,00"}, Bytes: block.Bytes})

	cases := map[string]struct {
		cert, key []byte
		part      string
		wantText  string
	}{
		"mismatched key":         {good.CertPEM, other.KeyPEM, "key", "does not match the certificate"},
		"not PEM":                {[]byte("hello"), good.KeyPEM, "certificate", "no PEM certificate"},
		"swapped":                {good.KeyPEM, good.CertPEM, "certificate", "swapped"},
		"key is a certificate":   {good.CertPEM, good.CertPEM, "key", "swapped"},
		"encrypted key":          {good.CertPEM, encrypted, "key", "encrypted"},
		"PKCS#8 encrypted block": {good.CertPEM, pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1}}), "key", "encrypted"},
		"garbage key":            {good.CertPEM, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2}}), "key", "could not be parsed"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseCertificate("client_certificate", tc.cert, tc.key)
			var ce *CertificateError
			if !errors.As(err, &ce) {
				t.Fatalf("want *CertificateError, got %v", err)
			}
			if ce.Part != tc.part || !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("got part %q, %q; want part %q mentioning %q", ce.Part, err, tc.part, tc.wantText)
			}
			if strings.Contains(err.Error(), "PRIVATE KEY-----") || strings.Contains(err.Error(), string(block.Bytes[:8])) {
				t.Errorf("error echoes key material: %v", err)
			}
		})
	}

	for name, pair := range map[string]*pki.Issued{"ECDSA": good, "RSA": rsaPair} {
		c, err := ParseCertificate("client_certificate", pair.CertPEM, pair.KeyPEM)
		if err != nil {
			t.Fatalf("%s pair: %v", name, err)
		}
		if c.Leaf.Subject.CommonName != "demo-app" {
			t.Errorf("%s: CN %q", name, c.Leaf.Subject.CommonName)
		}
	}
}

func TestInfoDescribesTheCertificate(t *testing.T) {
	ca, _ := pki.NewAuthority("ca")
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	issued, _ := ca.Issue(pki.Options{CommonName: "demo-app", Client: true, NotBefore: now.AddDate(0, -1, 0), NotAfter: now.AddDate(0, 0, 10)})
	c, err := ParseCertificate("client_certificate", issued.CertPEM, issued.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	info := c.Info(now)
	if info.CommonName != "demo-app" || info.DaysRemaining != 10 || !info.CurrentlyValid || len(info.SHA256Fingerprint) != 64 {
		t.Errorf("info = %+v", info)
	}
	if _, err := x509.ParseCertificate(c.Leaf.Raw); err != nil {
		t.Fatal(err)
	}
}

func FuzzParseCertificate(f *testing.F) {
	ca, _ := pki.NewAuthority("ca")
	good, _ := ca.IssueClient("demo-app")
	f.Add(good.CertPEM, good.KeyPEM)
	f.Add(good.KeyPEM, good.CertPEM)
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), []byte(""))
	f.Fuzz(func(t *testing.T, certPEM, keyPEM []byte) {
		c, err := ParseCertificate("fuzz", certPEM, keyPEM)
		if err == nil && c.Leaf == nil {
			t.Fatal("nil leaf without error")
		}
	})
}

func TestNewRefusesCertificatesOfDifferentMiniApps(t *testing.T) {
	p := newTestPKI(t)
	issued, err := p.ca.Issue(pki.Options{CommonName: "other-app", Client: true})
	if err != nil {
		t.Fatal(err)
	}
	other, err := ParseCertificate("additional_client_certificates[0]", issued.CertPEM, issued.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(Config{Endpoint: "https://127.0.0.1:1", Certificates: []*Certificate{p.validClientCert("client_certificate"), other}})
	var mismatch *MiniAppMismatchError
	if !errors.As(err, &mismatch) || mismatch.Other != other {
		t.Fatalf("want a MiniAppMismatchError blaming the other app's pair, got %v", err)
	}
	for _, want := range []string{`"other-app"`, `"demo-app"`, "additional_client_certificates[0]", "alias"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q: %v", want, err)
		}
	}
}
