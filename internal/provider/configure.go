package provider

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/resources"
)

// envVar is an environment variable that stands in for an attribute left out of the
// configuration; fallback is the value when neither is set.
type envVar struct {
	name     string
	fallback string
}

var (
	envEndpoint              = envVar{"APPSINTOSS_ENDPOINT", client.DefaultEndpoint}
	envPayEndpoint           = envVar{"APPSINTOSS_PAY_ENDPOINT", client.DefaultPayEndpoint}
	envClientCertificate     = envVar{name: "APPSINTOSS_CLIENT_CERTIFICATE"}
	envClientCertificateFile = envVar{name: "APPSINTOSS_CLIENT_CERTIFICATE_FILE"}
	envClientKey             = envVar{name: "APPSINTOSS_CLIENT_KEY"}
	envClientKeyFile         = envVar{name: "APPSINTOSS_CLIENT_KEY_FILE"}
	envCACertificate         = envVar{name: "APPSINTOSS_CA_CERTIFICATE"}
	envCACertificateFile     = envVar{name: "APPSINTOSS_CA_CERTIFICATE_FILE"}
	envLoginDecryptionKey    = envVar{name: "APPSINTOSS_LOGIN_DECRYPTION_KEY"}
	envLoginDecryptionAAD    = envVar{name: "APPSINTOSS_LOGIN_DECRYPTION_AAD"}
)

const (
	defaultExpiryWarningDays = 30
	defaultRequestTimeout    = "30s"
	defaultReadTimeout       = "2m"
	defaultMaxRetryWait      = "30s"
)

// Configure reads the configuration, checks every certificate, and builds the one client that
// resources, data sources and ephemeral resources share. The catalog rides that client, unless
// `console` is configured: then Configure opens the console road (console.go), which is the only
// case in which it talks to the network.
func (p *appsInTossProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if reportUnknowns(cfg, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	if reportConsoleUnknowns(ctx, cfg, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}

	now := time.Now()
	certs := loadCertificates(ctx, cfg, &resp.Diagnostics)
	roots := loadTrustRoots(cfg, &resp.Diagnostics)
	loginKey, loginAAD := loadLoginDecryption(cfg, &resp.Diagnostics)
	// Durations are validated by the schema.
	timeout, _ := time.ParseDuration(stringOr(cfg.RequestTimeout, defaultRequestTimeout))
	readTimeout, _ := time.ParseDuration(stringOr(cfg.ReadTimeout, defaultReadTimeout))
	maxRetryWait, _ := time.ParseDuration(stringOr(cfg.MaxRetryWait, defaultMaxRetryWait))
	if resp.Diagnostics.HasError() {
		return
	}
	if len(certs) == 0 {
		return // loadCertificates explained why
	}
	if len(client.RotationOrder(certs, now)) == 0 {
		resp.Diagnostics.AddAttributeError(path.Root("client_certificate"), "No currently valid client certificate",
			client.NoValidCertificateError(certs, now).Error())
		return
	}
	warnAboutExpiry(certs, now, int64Or(cfg.CertificateExpiryWarningDays, defaultExpiryWarningDays), &resp.Diagnostics)

	c, err := client.New(client.Config{
		Endpoint:           fromEnv(cfg.Endpoint, envEndpoint),
		PayEndpoint:        fromEnv(cfg.PayEndpoint, envPayEndpoint),
		Certificates:       certs,
		RootCAs:            roots,
		MaxRetries:         int(int64Or(cfg.MaxRetries, client.DefaultMaxRetries)),
		RequestTimeout:     timeout,
		ReadTimeout:        readTimeout,
		MaxRetryWait:       maxRetryWait,
		RateLimitPerMinute: int(int64Or(cfg.RateLimitPerMinute, client.DefaultRateLimitPerMinute)),
		UserAgent:          fmt.Sprintf("terraform-provider-appsintoss/%s Terraform/%s", p.version, req.TerraformVersion),
		LoginDecryptionKey: loginKey,
		LoginDecryptionAAD: loginAAD,
	})
	if err != nil {
		resp.Diagnostics.AddError("Invalid provider configuration", err.Error()+
			"\n\nCheck endpoint and pay_endpoint (https URLs) and the provider's other settings.")
		return
	}
	var catalog client.Catalog = c
	if consoleWanted(cfg) {
		catalog = openConsoleCatalog(ctx, cfg, consoleOpening{
			policy: client.PolicyConfig{
				RateLimitPerMinute: int(int64Or(cfg.RateLimitPerMinute, client.DefaultRateLimitPerMinute)),
				MaxRetries:         int(int64Or(cfg.MaxRetries, client.DefaultMaxRetries)),
				RequestTimeout:     timeout,
				ReadTimeout:        readTimeout,
				MaxRetryWait:       maxRetryWait,
			},
			version:       p.version,
			certificateCN: c.ActiveCertificate().CommonName,
		}, &resp.Diagnostics)
		if catalog == nil {
			return // openConsoleCatalog explained why
		}
	}
	data := &resources.ProviderData{Client: c, Catalog: catalog, AppName: c.ActiveCertificate().CommonName}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
}

// reportUnknowns rejects values that are only known after apply: the client is built before
// any resource exists, so its settings cannot depend on one.
func reportUnknowns(cfg providerModel, diags *diag.Diagnostics) {
	values := map[string]interface{ IsUnknown() bool }{
		"endpoint": cfg.Endpoint, "pay_endpoint": cfg.PayEndpoint,
		"client_certificate": cfg.ClientCertificate, "client_certificate_file": cfg.ClientCertificateFile,
		"client_key": cfg.ClientKey, "client_key_file": cfg.ClientKeyFile,
		"ca_certificate": cfg.CACertificate, "ca_certificate_file": cfg.CACertificateFile,
		"additional_client_certificates":  cfg.AdditionalClientCertificates,
		"certificate_expiry_warning_days": cfg.CertificateExpiryWarningDays,
		"max_retries":                     cfg.MaxRetries, "request_timeout": cfg.RequestTimeout,
		"read_timeout": cfg.ReadTimeout, "max_retry_wait": cfg.MaxRetryWait,
		"rate_limit_per_minute": cfg.RateLimitPerMinute,
		"login_decryption_key":  cfg.LoginDecryptionKey, "login_decryption_aad": cfg.LoginDecryptionAAD,
		"console": cfg.Console,
	}
	for name, v := range values {
		if v.IsUnknown() {
			diags.AddAttributeError(path.Root(name), "Unknown provider setting",
				fmt.Sprintf("The value of %s is not known until apply, but the provider needs it to build its "+
					"client during plan. Use a literal, a variable, a file path or an environment variable instead "+
					"of a value computed by another resource.", name))
		}
	}
	if !cfg.AdditionalClientCertificates.IsUnknown() && !cfg.AdditionalClientCertificates.IsNull() {
		for i, elem := range cfg.AdditionalClientCertificates.Elements() {
			if elem.IsUnknown() {
				diags.AddAttributeError(path.Root("additional_client_certificates").AtListIndex(i), "Unknown provider setting",
					"This certificate pair is not known until apply; the provider needs it during plan.")
			}
		}
	}
}

func fromEnv(v types.String, env envVar) string {
	if !v.IsNull() && v.ValueString() != "" {
		return v.ValueString()
	}
	if e := os.Getenv(env.name); e != "" {
		return e
	}
	return env.fallback
}

func stringOr(v types.String, fallback string) string {
	if v.IsNull() || v.IsUnknown() {
		return fallback
	}
	return v.ValueString()
}

func int64Or(v types.Int64, fallback int64) int64 {
	if v.IsNull() || v.IsUnknown() {
		return fallback
	}
	return v.ValueInt64()
}

func loadTrustRoots(cfg providerModel, diags *diag.Diagnostics) *x509.CertPool {
	src := pemSource{
		attr: path.Root("ca_certificate"), fileAttr: path.Root("ca_certificate_file"),
		text: cfg.CACertificate, file: cfg.CACertificateFile, envText: envCACertificate, envFile: envCACertificateFile,
		what: "CA certificate",
	}
	pemBytes, at, origin, ok := src.load(diags)
	if !ok || pemBytes == nil {
		return nil // system roots
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pemBytes) {
		diags.AddAttributeError(at, "Invalid CA certificate",
			"No PEM certificate could be read from the CA certificate, read from "+origin+". Expected one or more "+
				"blocks that start with \"-----BEGIN CERTIFICATE-----\", such as the emulator's ca.pem.")
		return nil
	}
	return pool
}

func loadLoginDecryption(cfg providerModel, diags *diag.Diagnostics) ([]byte, string) {
	keyB64 := fromEnv(cfg.LoginDecryptionKey, envLoginDecryptionKey)
	aad := fromEnv(cfg.LoginDecryptionAAD, envLoginDecryptionAAD)
	if keyB64 == "" && aad == "" {
		return nil, ""
	}
	if keyB64 == "" || aad == "" {
		missing := "login_decryption_key"
		if aad == "" {
			missing = "login_decryption_aad"
		}
		diags.AddAttributeError(path.Root(missing), "Incomplete login decryption settings",
			"login_decryption_key and login_decryption_aad are used together: the console e-mails both. Set "+missing+
				" (or its environment variable) too, or remove the other.")
		return nil, ""
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(keyB64))
	if err != nil || len(key) != 32 {
		diags.AddAttributeError(path.Root("login_decryption_key"), "Invalid login decryption key",
			"The login decryption key must be the Base64 text of a 32-byte AES-256 key, exactly as the console "+
				"e-mailed it. The configured value is not (the value itself is not shown).")
		return nil, ""
	}
	return key, aad
}
