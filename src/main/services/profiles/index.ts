// dbt profiles for the 7 compute targets: generation (pure), validation and the writer.
export {
  generateProfilesYaml,
  profileEnvVars,
  PROFILES_HEADER,
  validateProfiles,
  type GeneratedProfiles,
} from './generate';
export { ProfileError, type ProfileIssue } from './profile-error';
export { PROFILE_GENERATORS, profileGenerator } from './registry';
export { secretEnvVarName } from './secrets';
export { PROFILES_FILE, writeProfiles, type WrittenProfiles } from './write-profiles';
