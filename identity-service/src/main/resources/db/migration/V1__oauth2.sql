-- Spring Authorization Server's JDBC stores: registered clients, authorizations (codes and tokens
-- issued, with what they were issued for) and consents. The columns are those of the schema files
-- in spring-security-oauth2-authorization-server 7.1.2
-- (org/springframework/security/oauth2/server/authorization/**/*-schema.sql), converted for
-- PostgreSQL as their own header says: blob -> text, timestamp -> timestamptz. The stores read and
-- write these column names, so a newer version's schema file is the thing to compare with.

CREATE TABLE oauth2_registered_client
(
    id                            varchar(100)  NOT NULL,
    client_id                     varchar(100)  NOT NULL,
    client_id_issued_at           timestamptz   DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_secret                 varchar(200)  DEFAULT NULL,
    client_secret_expires_at      timestamptz   DEFAULT NULL,
    client_name                   varchar(200)  NOT NULL,
    client_authentication_methods varchar(1000) NOT NULL,
    authorization_grant_types     varchar(1000) NOT NULL,
    redirect_uris                 varchar(1000) DEFAULT NULL,
    post_logout_redirect_uris     varchar(1000) DEFAULT NULL,
    scopes                        varchar(1000) NOT NULL,
    client_settings               varchar(2000) NOT NULL,
    token_settings                varchar(2000) NOT NULL,
    PRIMARY KEY (id)
);

-- Not in the shipped schema: the store looks clients up by client_id and checks that it is unique
-- before an insert, but two instances seeding the same client at once would both pass that check.
CREATE UNIQUE INDEX oauth2_registered_client_client_id ON oauth2_registered_client (client_id);

CREATE TABLE oauth2_authorization
(
    id                            varchar(100) NOT NULL,
    registered_client_id          varchar(100) NOT NULL,
    principal_name                varchar(200) NOT NULL,
    authorization_grant_type      varchar(100) NOT NULL,
    authorized_scopes             varchar(1000) DEFAULT NULL,
    attributes                    text         DEFAULT NULL,
    state                         varchar(500) DEFAULT NULL,
    authorization_code_value      text         DEFAULT NULL,
    authorization_code_issued_at  timestamptz  DEFAULT NULL,
    authorization_code_expires_at timestamptz  DEFAULT NULL,
    authorization_code_metadata   text         DEFAULT NULL,
    access_token_value            text         DEFAULT NULL,
    access_token_issued_at        timestamptz  DEFAULT NULL,
    access_token_expires_at       timestamptz  DEFAULT NULL,
    access_token_metadata         text         DEFAULT NULL,
    access_token_type             varchar(100) DEFAULT NULL,
    access_token_scopes           varchar(1000) DEFAULT NULL,
    oidc_id_token_value           text         DEFAULT NULL,
    oidc_id_token_issued_at       timestamptz  DEFAULT NULL,
    oidc_id_token_expires_at      timestamptz  DEFAULT NULL,
    oidc_id_token_metadata        text         DEFAULT NULL,
    refresh_token_value           text         DEFAULT NULL,
    refresh_token_issued_at       timestamptz  DEFAULT NULL,
    refresh_token_expires_at      timestamptz  DEFAULT NULL,
    refresh_token_metadata        text         DEFAULT NULL,
    user_code_value               text         DEFAULT NULL,
    user_code_issued_at           timestamptz  DEFAULT NULL,
    user_code_expires_at          timestamptz  DEFAULT NULL,
    user_code_metadata            text         DEFAULT NULL,
    device_code_value             text         DEFAULT NULL,
    device_code_issued_at         timestamptz  DEFAULT NULL,
    device_code_expires_at        timestamptz  DEFAULT NULL,
    device_code_metadata          text         DEFAULT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE oauth2_authorization_consent
(
    registered_client_id varchar(100)  NOT NULL,
    principal_name       varchar(200)  NOT NULL,
    authorities          varchar(1000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);
