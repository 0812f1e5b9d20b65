# The defaults match seed.json, the emulator's starting state for the demo.

variable "class_pass_price" {
  description = "Net price of the 10-class pass in KRW, VAT excluded (users pay 10% more)."
  type        = number
  default     = 90000

  validation {
    condition     = var.class_pass_price >= 400 && var.class_pass_price <= 1400000 && var.class_pass_price % 10 == 0
    error_message = "Apps in Toss sells products at 400 to 1,400,000 KRW net, in steps of 10 KRW."
  }
}

variable "test_account_refresh_token" {
  description = "Toss-login refresh token of a test account (in CI: a secret)."
  type        = string
  sensitive   = true
  default     = "demo-refresh-token"
}

variable "payment_order_numbers" {
  description = "Toss Pay order numbers of the test account to report on."
  type        = list(string)
  default     = ["yoga-class-20250301-0001", "yoga-mat-20250302-0001"]
}

variable "iap_order_ids" {
  description = "In-app purchase order ids to report on."
  type        = list(string)
  default = [
    "019a1b2c-3d4e-7f60-8a1b-2c3d4e5f6a7b",
    "019a1b2c-3d4e-7f60-8a1b-2c3d4e5f6a7c",
  ]
}
