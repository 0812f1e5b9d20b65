package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// pemSource is one PEM value that may be given as text or as a file path, in the configuration
// or in the environment. Exactly one form may be used.
type pemSource struct {
	attr, fileAttr   path.Path
	text, file       types.String
	envText, envFile envVar
	what             string // "client certificate", "client key", ...
}

// load returns the PEM bytes, the attribute path to blame for problems with them, and where the
// value came from in words (the attribute or environment variable, with the file's path), so
// that every message about the value can say which setting to fix. Nil bytes with ok=true mean
// nothing was configured.
func (s pemSource) load(diags *diag.Diagnostics) (pemBytes []byte, at path.Path, origin string, ok bool) {
	text, file := s.text.ValueString(), s.file.ValueString()
	if text != "" && file != "" {
		diags.AddAttributeError(s.attr, "Conflicting "+s.what+" settings",
			fmt.Sprintf("Both %s and %s are set. Set exactly one: PEM text or the path of a PEM file.", lastStep(s.attr), lastStep(s.fileAttr)))
		return nil, s.attr, "", false
	}
	textOrigin, fileOrigin := s.attr.String(), s.fileAttr.String()
	if text == "" && file == "" && s.envText.name != "" {
		text, file = os.Getenv(s.envText.name), os.Getenv(s.envFile.name)
		textOrigin, fileOrigin = "the environment variable "+s.envText.name, "the environment variable "+s.envFile.name
		if text != "" && file != "" {
			diags.AddAttributeError(s.attr, "Conflicting "+s.what+" environment variables",
				fmt.Sprintf("Both %s and %s are set. Set exactly one.", s.envText.name, s.envFile.name))
			return nil, s.attr, "", false
		}
	}
	switch {
	case text != "":
		return []byte(text), s.attr, textOrigin + " (PEM text)", true
	case file != "":
		content, err := os.ReadFile(file)
		if err != nil {
			diags.AddAttributeError(s.fileAttr, "Unreadable "+s.what+" file",
				fmt.Sprintf("The %s file %q (from %s) could not be read: %v. Check the path and its permissions.",
					s.what, file, strings.TrimPrefix(fileOrigin, "the environment variable "), osErrorReason(err)))
			return nil, s.fileAttr, "", false
		}
		return content, s.fileAttr, fmt.Sprintf("%s (file %q)", fileOrigin, file), true
	}
	return nil, s.attr, "", true
}

func lastStep(p path.Path) string {
	steps := p.Steps()
	if len(steps) == 0 {
		return p.String()
	}
	return steps[len(steps)-1].String()
}

func osErrorReason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// loadCertificates reads and checks the primary pair and every additional pair. Each problem is
// an attribute error at the attribute to fix; none of them echoes key material.
func loadCertificates(ctx context.Context, cfg providerModel, diags *diag.Diagnostics) []*client.Certificate {
	var certs []*client.Certificate
	primary := pairSource{
		label: "client_certificate",
		cert: pemSource{attr: path.Root("client_certificate"), fileAttr: path.Root("client_certificate_file"),
			text: cfg.ClientCertificate, file: cfg.ClientCertificateFile,
			envText: envClientCertificate, envFile: envClientCertificateFile, what: "client certificate"},
		key: pemSource{attr: path.Root("client_key"), fileAttr: path.Root("client_key_file"),
			text: cfg.ClientKey, file: cfg.ClientKeyFile,
			envText: envClientKey, envFile: envClientKeyFile, what: "client key"},
		required: true,
	}
	configuredAt := map[*client.Certificate]path.Path{} // where each certificate was set, for errors
	if c, at := primary.load(diags); c != nil {
		certs = append(certs, c)
		configuredAt[c] = at
	}

	var additional []additionalCertificateModel
	if !cfg.AdditionalClientCertificates.IsNull() && !cfg.AdditionalClientCertificates.IsUnknown() {
		diags.Append(cfg.AdditionalClientCertificates.ElementsAs(ctx, &additional, false)...)
	}
	for i, a := range additional {
		base := path.Root("additional_client_certificates").AtListIndex(i)
		label := fmt.Sprintf("additional_client_certificates[%d]", i)
		pair := pairSource{
			label: label,
			cert: pemSource{attr: base.AtName("certificate"), fileAttr: base.AtName("certificate_file"),
				text: a.Certificate, file: a.CertificateFile, what: "certificate"},
			key: pemSource{attr: base.AtName("key"), fileAttr: base.AtName("key_file"),
				text: a.Key, file: a.KeyFile, what: "key"},
			required: true,
		}
		if c, at := pair.load(diags); c != nil {
			certs = append(certs, c)
			configuredAt[c] = at
		}
	}
	if diags.HasError() {
		return nil
	}
	var mismatch *client.MiniAppMismatchError
	if err := client.CheckOneMiniApp(certs); errors.As(err, &mismatch) {
		diags.AddAttributeError(configuredAt[mismatch.Other], "Certificates of different mini-apps", err.Error())
		return nil
	}
	return certs
}

// pairSource is a certificate and its key, as configured.
type pairSource struct {
	label     string
	cert, key pemSource
	required  bool
}

// load reads, parses and checks the pair; it returns the certificate and the attribute it was
// configured at, or nil after adding a diagnostic.
func (p pairSource) load(diags *diag.Diagnostics) (*client.Certificate, path.Path) {
	certPEM, certAt, certOrigin, certOK := p.cert.load(diags)
	keyPEM, keyAt, keyOrigin, keyOK := p.key.load(diags)
	if !certOK || !keyOK {
		return nil, certAt
	}
	if certPEM == nil {
		hint := "Set client_certificate_file (or client_certificate with PEM text), or the environment variable " +
			envClientCertificateFile.name + " / " + envClientCertificate.name + "."
		if p.label != "client_certificate" {
			hint = "Set certificate_file or certificate in this element."
		}
		diags.AddAttributeError(p.cert.attr, "Missing client certificate",
			"Apps in Toss only accepts calls over mTLS with the certificate issued in the console (mTLS 인증서 → 발급받기). "+hint)
		return nil, certAt
	}
	if keyPEM == nil {
		hint := "Set client_key_file (or client_key with PEM text), or the environment variable " +
			envClientKeyFile.name + " / " + envClientKey.name + "."
		if p.label != "client_certificate" {
			hint = "Set key_file or key in this element."
		}
		diags.AddAttributeError(p.key.attr, "Missing client key",
			"The private key of the client certificate is needed for mTLS. "+hint)
		return nil, certAt
	}
	cert, err := client.ParseCertificate(p.label, certPEM, keyPEM)
	if err != nil {
		at := certAt
		summary := "Invalid client certificate"
		var ce *client.CertificateError
		if errors.As(err, &ce) && ce.Part == "key" {
			at, summary = keyAt, "Invalid client key"
		}
		diags.AddAttributeError(at, summary, fmt.Sprintf("%v\n\nThe certificate was read from %s, and the key from %s.",
			err, certOrigin, keyOrigin))
		return nil, certAt
	}
	if keyAt.Equal(p.key.fileAttr) {
		warnAboutKeyFilePermissions(p.key, diags)
	}
	return cert, certAt
}

// warnAboutKeyFilePermissions flags a private key that other users of the machine can read.
func warnAboutKeyFilePermissions(src pemSource, diags *diag.Diagnostics) {
	file := src.file.ValueString()
	if file == "" {
		file = os.Getenv(src.envFile.name)
	}
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm()&0o077 == 0 {
		return
	}
	diags.AddAttributeWarning(src.fileAttr, "Private key file is readable by other users",
		fmt.Sprintf("The key file %q has permissions %04o, so other users of this machine can read the mini-app's "+
			"private key. Restrict it, for example with `chmod 600 %s`.", file, info.Mode().Perm(), file))
}

// warnAboutExpiry names every certificate that is already expired (while another is valid) or
// expires within the warning window, so rotation happens before an outage.
func warnAboutExpiry(certs []*client.Certificate, now time.Time, days int64, diags *diag.Diagnostics) {
	for _, c := range certs {
		info := c.Info(now)
		switch {
		case !c.ValidAt(now) && now.After(c.Leaf.NotAfter):
			diags.AddWarning("Expired client certificate",
				fmt.Sprintf("%s (%s) expired on %s and is not used. Remove it from the configuration and disable it in the console.",
					c.Label, info.Subject, info.NotAfter.Format(time.DateOnly)))
		case days > 0 && c.ValidAt(now) && c.Leaf.NotAfter.Before(now.Add(time.Duration(days)*24*time.Hour)):
			diags.AddWarning("Client certificate expires soon",
				fmt.Sprintf("%s (%s) expires on %s, in %d days. Issue a new certificate in the Apps in Toss console "+
					"(mTLS 인증서 → 발급받기), add it to the configuration (the old one can stay in "+
					"additional_client_certificates until it expires), then remove the old one. This warning appears "+
					"within certificate_expiry_warning_days (%d) of expiry.",
					c.Label, info.Subject, info.NotAfter.Format(time.DateOnly), info.DaysRemaining, days))
		}
	}
}
