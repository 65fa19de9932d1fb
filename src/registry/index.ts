/**
 * The registry adapter's public API: references, media types, platforms, credentials (Docker's config.json
 * and credential helpers), containerd hosts directories, auth, and RegistryClient. Independent of containerd,
 * commander and the process: everything environmental is passed in.
 */
export {
  DEFAULT_DOMAIN,
  DEFAULT_TAG,
  ImageReference,
  familiarName,
  isValidReference,
  isValidTag,
  parseCanonical,
  parseNormalizedNamed,
  parseReference,
  type RepositoryName,
} from './reference';
export { digestOf, digestProblem, isSha256Digest, parseDigest, sha256Hasher, sha256Of } from './digest';
export {
  MANIFEST_ACCEPT,
  MediaType,
  baseMediaType,
  detectManifestType,
  isConfig,
  isIndex,
  isLayer,
  isManifest,
  isNonDistributable,
  isSchema1,
  layerCompression,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type LayerCompression,
  type Platform,
} from '../oci/media-types';
export {
  formatPlatform,
  hostPlatform,
  matchPlatform,
  matchingManifests,
  normalizePlatform,
  parsePlatform,
  pickManifest,
  platformRank,
  platformVector,
} from './platform';
export {
  HUB_AUTH_KEY,
  credentialKey,
  credentialsProvider,
  dockerConfigDir,
  eraseCredentials,
  getCredentials,
  storeCredentials,
  type CredentialStoreOptions,
  type Credentials,
} from './credentials';
export { isInsecureHost, isLocalhost, resolveEndpoints, type Capability, type EndpointTls, type HostsOptions, type RegistryEndpoint } from './hosts';
export { Authorizer, mergeScopes, parseChallenges, repositoryScope, type Challenge } from './auth';
export {
  DigestMismatchError,
  RegistryAuthError,
  RegistryNotFoundError,
  RegistryRequestError,
  RegistryResponseError,
  RegistryUnavailableError,
  isRegistryError,
  type RegistryErrorInfo,
} from './errors';
export { MAX_MANIFEST_SIZE, RegistryClient, nextLink, type RepoArg, type FetchBlobOptions, type RegistryClientOptions, type Resolved, type UploadBlobOptions } from './client';
export type { RetryPolicy, Timeouts } from './transport';
