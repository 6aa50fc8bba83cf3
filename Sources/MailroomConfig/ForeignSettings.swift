/// Postfix `main.cf` and Dovecot `dovecot.conf` names that mailroom accepts and ignores, so a
/// configuration copied from a classic setup loads with warnings instead of failing.
///
/// Names that mailroom implements are in `SettingsSchema`, never here (a test checks).
enum ForeignSettings {
    /// The program a foreign setting belongs to, as the warning names it.
    enum Owner: String, Sendable {
        case postfix = "Postfix"
        case dovecot = "Dovecot"
    }

    /// The owner of `name`, or `nil` when neither program has such a setting.
    static func owner(of name: String) -> Owner? {
        owners[name]
    }

    private static let owners: [String: Owner] = {
        // A name both programs use (sendmail_path, syslog_facility) is reported as Postfix's.
        let pairs = postfix.map { ($0, Owner.postfix) } + dovecot.map { ($0, Owner.dovecot) }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }()

    private static func names(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    // From postconf(5); the ones a CentOS or Debian main.cf and the usual guides write, and more.
    static let postfix = names("""
        address_verify_map address_verify_negative_cache alias_database
        allow_mail_to_commands allow_mail_to_files allow_percent_hack always_add_missing_headers always_bcc
        anvil_rate_time_unit append_at_myorigin append_dot_mydomain authorized_flush_users
        authorized_mailq_users authorized_submit_users biff body_checks body_checks_size_limit
        broken_sasl_auth_clients
        canonical_classes canonical_maps command_directory command_time_limit compatibility_level
        config_directory content_filter daemon_directory daemon_timeout debug_peer_level debug_peer_list
        debugger_command default_database_type default_privs
        default_transport 
        disable_dns_lookups disable_vrfy_command double_bounce_sender empty_address_recipient
        enable_original_recipient error_notice_recipient expand_owner_alias fallback_transport
        forward_path header_checks header_size_limit html_directory
        import_environment in_flow_delay initial_destination_concurrency
        internal_mail_filter_classes lmtp_sasl_auth_enable lmtp_tls_security_level
        local_destination_concurrency_limit local_destination_recipient_limit local_header_rewrite_clients
        local_recipient_maps local_transport luser_relay mail_name
        mail_version mailbox_command mailbox_delivery_lock mailbox_size_limit mailbox_transport
        maillog_file mailq_path manpage_directory maps_rbl_domains masquerade_classes masquerade_domains
        masquerade_exceptions max_idle max_use meta_directory
        milter_connect_macros milter_default_action milter_mail_macros milter_protocol mime_header_checks
        mua_client_restrictions mua_helo_restrictions mua_sender_restrictions
        mynetworks_style nested_header_checks newaliases_path non_smtpd_milters 
        owner_request_special parent_domain_matches_subdomains postscreen_access_list
        postscreen_blacklist_action postscreen_cache_map postscreen_dnsbl_action postscreen_dnsbl_sites
        postscreen_dnsbl_threshold postscreen_greet_action process_id_directory
        propagate_unmatched_extensions proxy_interfaces qmgr_message_active_limit
        qmgr_message_recipient_limit queue_directory readme_directory
        receive_override_options recipient_bcc_maps recipient_canonical_maps relay_domains_reject_code
        relay_transport remote_header_rewrite_domain resolve_numeric_domain
        sample_directory sender_bcc_maps sender_canonical_maps sender_dependent_default_transport_maps
        sender_dependent_relayhost_maps sendmail_path service_throttle_time setgid_group shlib_directory
        smtp_always_send_ehlo smtp_bind_address smtp_connect_timeout smtp_destination_concurrency_limit
        smtp_destination_recipient_limit smtp_dns_support_level smtp_generic_maps smtp_header_checks
        smtp_helo_name smtp_helo_timeout smtp_host_lookup
        smtp_sasl_mechanism_filter smtp_sasl_security_options
        smtp_sasl_tls_security_options smtp_skip_5xx_greeting
        smtp_tls_cert_file smtp_tls_key_file smtp_tls_loglevel
        smtp_tls_note_starttls_offer
        smtp_tls_session_cache_database smtp_tls_wrappermode smtp_use_tls smtpd_authorized_xclient_hosts
        smtpd_banner smtpd_client_connection_rate_limit smtpd_client_message_rate_limit
        smtpd_client_port_logging smtpd_client_restrictions smtpd_data_restrictions smtpd_delay_reject
        smtpd_discard_ehlo_keywords smtpd_end_of_data_restrictions smtpd_error_sleep_time
        smtpd_etrn_restrictions smtpd_forbidden_commands smtpd_hard_error_limit smtpd_helo_required
        smtpd_helo_restrictions smtpd_history_flush_threshold smtpd_junk_command_limit smtpd_milters
        smtpd_noop_commands smtpd_null_access_lookup_key smtpd_peername_lookup
        smtpd_policy_service_max_idle smtpd_proxy_filter smtpd_recipient_restrictions
        smtpd_reject_unlisted_recipient smtpd_reject_unlisted_sender smtpd_relay_restrictions
        smtpd_restriction_classes smtpd_sasl_authenticated_header
        smtpd_sasl_exceptions_networks smtpd_sasl_local_domain smtpd_sasl_path smtpd_sasl_security_options
        smtpd_sasl_tls_security_options smtpd_sasl_type smtpd_sender_restrictions
        smtpd_soft_error_limit smtpd_starttls_timeout smtpd_tls_CAfile smtpd_tls_CApath
        smtpd_tls_ask_ccert smtpd_tls_auth_only smtpd_tls_ccert_verifydepth smtpd_tls_chain_files
        smtpd_tls_ciphers smtpd_tls_dcert_file smtpd_tls_dh1024_param_file smtpd_tls_dkey_file
        smtpd_tls_eccert_file smtpd_tls_eckey_file smtpd_tls_eecdh_grade smtpd_tls_exclude_ciphers
        smtpd_tls_loglevel smtpd_tls_mandatory_ciphers smtpd_tls_mandatory_protocols smtpd_tls_protocols
        smtpd_tls_received_header smtpd_tls_req_ccert smtpd_tls_security_level
        smtpd_tls_session_cache_database smtpd_tls_session_cache_timeout smtpd_tls_wrappermode
        smtpd_use_tls smtputf8_enable soft_bounce strict_rfc821_envelopes swap_bangpath syslog_facility
        syslog_name tls_append_default_CA tls_high_cipherlist tls_medium_cipherlist tls_preempt_cipherlist
        tls_random_source tls_server_sni_maps tls_ssl_options transport_maps trigger_timeout
        unknown_address_reject_code unknown_client_reject_code unknown_hostname_reject_code
        unknown_local_recipient_reject_code unverified_recipient_reject_code virtual_alias_domains
        virtual_alias_maps virtual_alias_recursion_limit virtual_gid_maps virtual_mailbox_base
        virtual_mailbox_domains virtual_mailbox_limit virtual_mailbox_maps virtual_minimum_uid
        virtual_transport virtual_uid_maps
        """)

    // From dovecot.conf and conf.d/*.conf: the settings a classic guide changes.
    static let dovecot = names("""
        auth_anonymous_username auth_cache_size auth_cache_ttl auth_debug auth_debug_passwords
        auth_default_realm auth_master_user_separator auth_mechanisms auth_realms auth_socket_path
        auth_username_chars auth_username_format auth_verbose auth_verbose_passwords auth_worker_max_count
        base_dir debug_log_path default_client_limit default_internal_user default_login_user
        default_vsz_limit deliver_log_format dict doveadm_password doveadm_port first_valid_gid
        hostname imap_capability imap_client_workarounds imap_id_log imap_id_send
        imap_idle_notify_interval imap_logout_format info_log_path instance_name last_valid_gid
        lda_mailbox_autocreate lda_mailbox_autosubscribe listen lmtp_save_to_detail_mailbox
        log_path log_timestamp login_access_sockets login_greeting login_log_format
        login_log_format_elements mail_access_groups mail_attachment_dir mail_attribute_dict
        mail_cache_min_mail_count mail_chroot mail_debug mail_fsync mail_full_filesystem_access mail_gid
        mail_home mail_log_prefix mail_nfs_index mail_nfs_storage mail_plugins
        mail_privileged_group mail_server_admin mail_server_comment mail_uid
        maildir_copy_with_hardlinks maildir_stat_dirs maildir_very_dirty_syncs mbox_dirty_syncs
        mbox_lazy_writes mbox_lock_timeout mbox_min_index_size mbox_read_locks mbox_very_dirty_syncs
        mbox_write_locks pop3_client_workarounds pop3_lock_session pop3_logout_format
        pop3_no_flag_updates pop3_reuse_xuidl pop3_uidl_format postmaster_address quota_full_tempfail
        rejection_reason rejection_subject shutdown_clients ssl ssl_ca ssl_cert_username_field
        ssl_cipher_list ssl_client_ca_dir ssl_client_ca_file ssl_dh ssl_min_protocol
        ssl_prefer_server_ciphers ssl_protocols ssl_require_crl ssl_verify_client_cert submission_host
        valid_chroot_dirs verbose_proctitle verbose_ssl version_ignore
        """)
}
